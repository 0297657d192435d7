/**
 * What the head commands ({@code match}, {@code classify}, {@code reconstruct}) run: media files to model
 * inputs ({@link ai.tvlt.processing.clip.MediaInputs}), which heads a checkpoint holds
 * ({@link ai.tvlt.models.pipeline.CheckpointHeads}), the matching score
 * ({@link ai.tvlt.models.pipeline.MatchScorer}), classification
 * ({@link ai.tvlt.models.pipeline.ClipClassifier}) and the masked-autoencoder picture
 * ({@link ai.tvlt.models.pipeline.Reconstructor}, {@link ai.tvlt.examples.cli.heads.ReconstructionGrid}).
 */
package ai.tvlt.examples.cli.heads;
