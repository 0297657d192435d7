#!/usr/bin/env bash
# Makes the container fixtures of ContainerFidelityTest with ffmpeg (Debian's ffmpeg 5+/6+, libx264 and
# libmp3lame), and ffmpeg's own decode of each as the reference (float32 WAV at the source rate, channels kept).
# Run once by hand, never at test time:  bash make-fixtures.sh /path/to/audio_speech_44100_pcm16.wav
# The source is the golden 1 s speech clip (shared/golden/processing/media), made stereo: left = speech,
# right = speech delayed by 7 ms plus a 300-3000 Hz chirp, so that the channel average is not a single channel.
set -euo pipefail
cd "$(dirname "$0")"
SPEECH="${1:?path to audio_speech_44100_pcm16.wav}"
ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ff -i "$SPEECH" -f lavfi -i "aevalsrc=0.2*sin(2*PI*(300*t+1350*t*t)):s=44100:d=1" -filter_complex \
  "[0:a]asplit[l][r0];[r0]adelay=7,atrim=end_sample=44100[r1];[r1][1:a]amix=inputs=2:normalize=0[r];[l][r]join=inputs=2:channel_layout=stereo[a]" \
  -map "[a]" -c:a pcm_s24le "$tmp/stereo44.wav"
ff -i "$tmp/stereo44.wav" -ar 48000 -c:a pcm_f32le "$tmp/stereo48.wav"

# 24-bit WAV, FLAC, MP3 (LAME, with its gapless info tag), M4A (AAC-LC at 48 kHz: exercises resampling)
cp "$tmp/stereo44.wav" pcm24_44k_stereo.wav
ff -i "$tmp/stereo44.wav" -c:a flac -sample_fmt s16 flac16_44k_stereo.flac
ff -i "$tmp/stereo44.wav" -c:a libmp3lame -b:a 128k mp3_44k_stereo.mp3
ff -i "$tmp/stereo48.wav" -c:a aac -b:a 128k m4a_aac_48k_stereo.m4a
# AAC without perceptual noise substitution (PNS): the decoders' noise sequences cannot differ there
ff -i "$tmp/stereo44.wav" -ac 1 -c:a aac -b:a 96k -aac_pns 0 m4a_aac_nopns_44k_mono.m4a
# Its packets from 0.72 s on (stream copy): the first access unit carries TNS filters, which JAAD parses before
# the decoder can hand the channel its own TNS (AacFrameDecoder takes them over)
ff -ss 0.72 -i m4a_aac_nopns_44k_mono.m4a -c copy m4a_aac_tns_first_unit.m4a
# MP4 and MOV: H.264 + AAC-LC 44.1 kHz stereo; the MOV is the same streams remuxed
ff -f lavfi -i "testsrc=size=96x72:rate=10:duration=1" -i "$tmp/stereo44.wav" -c:v libx264 -pix_fmt yuv420p \
  -c:a aac -b:a 128k -shortest mp4_h264_aac_44k_stereo.mp4
ff -i mp4_h264_aac_44k_stereo.mp4 -c copy mov_h264_aac_44k_stereo.mov
# A video without sound track
ff -f lavfi -i "testsrc=size=96x72:rate=10:duration=1" -c:v libx264 -pix_fmt yuv420p mp4_h264_no_audio.mp4

# FLAC from the reference encoder (flac 1.4.2, Debian package flac): 24-bit stereo, -8 (LPC, mid/side), 0.25 s
ff -i "$tmp/stereo44.wav" -t 0.25 -c:a pcm_s24le "$tmp/stereo44_short.wav"
flac -s -f -8 "$tmp/stereo44_short.wav" -o flac24_44k_stereo_flac142.flac
# FLAC whose residual partitions are partly escape-coded (RFC 9639), which encoders rarely write: made by
# make_escape_flac.py (deterministic), decoded by ffmpeg below like the others
python3 make_escape_flac.py flac16_16k_mono_escape.flac

for f in flac24_44k_stereo_flac142.flac flac16_16k_mono_escape.flac \
         pcm24_44k_stereo.wav flac16_44k_stereo.flac mp3_44k_stereo.mp3 m4a_aac_48k_stereo.m4a m4a_aac_nopns_44k_mono.m4a \
         m4a_aac_tns_first_unit.m4a \
         mp4_h264_aac_44k_stereo.mp4; do
  ff -i "$f" -map 0:a -f wav -acodec pcm_f32le "${f%.*}.ffmpeg.wav"
done
# The MOV holds the MP4's audio stream: ffmpeg decodes both the same, and the test uses one reference for both.
ff -i mov_h264_aac_44k_stereo.mov -map 0:a -f wav -acodec pcm_f32le "$tmp/mov.ffmpeg.wav"
cmp "$tmp/mov.ffmpeg.wav" mp4_h264_aac_44k_stereo.ffmpeg.wav
ffmpeg -version | head -1 > ffmpeg-version.txt

# Seeds of AudioDecoderFuzzTest: 0.1 s of each compressed format (small, so that mutations reach the codecs)
seeds=../AudioDecoderFuzzTestInputs/wavBytes
ff -i "$tmp/stereo44.wav" -t 0.1 -c:a libmp3lame -b:a 32k "$seeds/mp3_lame_tag.mp3"
ff -i "$tmp/stereo44.wav" -t 0.03 -c:a flac -sample_fmt s16 -frame_size 512 "$seeds/flac_stereo.flac"
ff -i "$tmp/stereo44.wav" -t 0.1 -c:a aac -b:a 32k "$seeds/m4a_aac_lc.m4a"
ff -f lavfi -i "testsrc=size=16x16:rate=10:duration=0.2" -i "$tmp/stereo44.wav" -t 0.2 -c:v libx264 \
  -pix_fmt yuv420p -c:a aac -b:a 32k "$seeds/mp4_h264_aac.mp4"
for s in mp3_lame_tag.mp3 flac_stereo.flac m4a_aac_lc.m4a mp4_h264_aac.mp4; do mv "$seeds/$s" "$seeds/${s%.*}"; done
