/**
 * The pipeline: media files or in-memory frames and waveforms in, vectors, matching scores, labels and
 * masked-autoencoder reconstructions out. It puts together the checkpoint's processor
 * ({@link ai.tvlt.processing.TvltProcessor}), the clip media rules of {@link ai.tvlt.processing.clip} and
 * the models of {@link ai.tvlt.models.tvlt}, and resolves hub ids {@code owner/name[@revision]} or folders
 * to checkpoints ({@link ai.tvlt.weights.hub.ModelResolver}). Per-clip failures of a batch are
 * reported with one line each ({@link ai.tvlt.models.pipeline.ErrorMessages}).
 */
package ai.tvlt.models.pipeline;
