/**
 * Clip retrieval with TVLT in two stages (the retrieval example of issue "CLI").
 *
 * <p><b>First stage, candidate generation.</b> Every clip is turned into one vector by
 * {@link ai.tvlt.models.pipeline.TvltEmbedder}: by default the encoder's CLS vector
 * ({@code last_hidden_state[0, 0]}) of the joint audio+video input. These vectors go into a Lucene index
 * as {@link org.apache.lucene.document.KnnFloatVectorField}s (an HNSW graph) and a query clip's vector
 * fetches its K nearest clips ({@link ai.tvlt.examples.retrieval.ClipIndex}). TVLT was <em>not</em>
 * trained to make these vectors comparable by distance or cosine (it is not a contrastive retrieval
 * embedding): this stage is only a cheap way to narrow the corpus down to candidates.
 *
 * <p><b>Second stage, the audio-visual scorer.</b> {@link ai.tvlt.examples.retrieval.MatchingReranker}
 * scores the query's audio against each candidate's video with {@code TvltForPreTraining}'s vision-audio
 * matching head, the head TVLT was pre-trained with to tell whether an audio track and a video belong
 * together (and which the paper uses for audio-to-video retrieval), and sorts the candidates by that
 * probability.
 */
package ai.tvlt.examples.retrieval;
