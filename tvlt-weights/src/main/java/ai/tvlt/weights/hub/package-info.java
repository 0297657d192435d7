/**
 * The Hugging Face hub client: {@link ai.tvlt.weights.hub.HubClient} resolves {@code owner/name[@revision]}
 * to a local snapshot folder in the cache shared with Python's {@code huggingface_hub}, configured by
 * {@link ai.tvlt.weights.hub.HubEnvironment} (HF_ENDPOINT, HF_TOKEN, HF_HUB_CACHE, HF_HOME, HF_HUB_OFFLINE),
 * through the proxies of HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY as requests reads them, under the
 * same {@code flock} as huggingface_hub, with {@link ai.tvlt.weights.hub.DownloadProgress} on stderr.
 */
package ai.tvlt.weights.hub;
