package ai.tvlt.processing.audio;

/**
 * Every intermediate of one clip's feature extraction, in the layouts of the reference's
 * {@code expected.stage.*} golden tensors (all row-major; "frames" counts every STFT frame, including the
 * last one that is dropped). For debugging and parity tests only: it holds full matrices.
 *
 * @param hannWindow {@code hann_window} float64 [n_fft]
 * @param melFilters {@code mel_filters} float64 [feature_size, n_fft / 2 + 1]
 * @param powerSpectrogram {@code power_spectrogram} float64 [n_fft / 2 + 1, frames]
 * @param melSpectrogram {@code mel_spectrogram} float64 [feature_size, frames], floored at 1e-10
 * @param dbUnclipped {@code db_unclipped} float32 [feature_size, frames]: 10 log10(mel)
 * @param dbSpectrogram {@code db_spectrogram} float32 [feature_size, frames]: clipped at max - 80 dB
 * @param logSpec {@code log_spec} float32 [feature_size, frames - 1]: last frame dropped, scaled to [-1, 1]
 * @param frames number of STFT frames
 */
record SpectrogramStages(double[] hannWindow, double[] melFilters, double[] powerSpectrogram,
        double[] melSpectrogram, float[] dbUnclipped, float[] dbSpectrogram, float[] logSpec, int frames) {
}
