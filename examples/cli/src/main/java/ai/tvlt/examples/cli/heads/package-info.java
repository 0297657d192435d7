/**
 * What the head commands ({@code match}, {@code classify}, {@code reconstruct}) run: media files to model
 * inputs ({@link ai.tvlt.examples.cli.heads.MediaInputs}), which heads a checkpoint holds
 * ({@link ai.tvlt.examples.cli.heads.CheckpointHeads}), the matching score
 * ({@link ai.tvlt.examples.cli.heads.MatchScorer}), classification
 * ({@link ai.tvlt.examples.cli.heads.ClipClassifier}) and the masked-autoencoder picture
 * ({@link ai.tvlt.examples.cli.heads.Reconstructor}, {@link ai.tvlt.examples.cli.heads.ReconstructionGrid}).
 */
package ai.tvlt.examples.cli.heads;
