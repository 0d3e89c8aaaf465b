#!/bin/sh
# Seed WAV files written by another program, sox (apt-get install sox), for the WAV fuzz tests:
# the formats WavFile.Read takes (16-bit PCM, 32-bit float with its 18-byte 'fmt ' and 'fact'
# chunk, mono and stereo) and some it refuses (8-bit, 24-bit and 4-channel
# WAVE_FORMAT_EXTENSIBLE, u-law, IMA ADPCM). 10 ms of a sine at 8 kHz, so mutations land on
# the headers as often as on samples; no dither (-D), so a rerun gives the same bytes.
# The files are committed; rerun this only to remake them.
set -eu
cd "$(dirname "$0")"
tone="synth 0.01 sine 440 vol 0.5"
sox -D -n -r 8000 -c 1 -b 16 -e signed-integer sox_s16_mono.wav $tone
sox -D -n -r 8000 -c 2 -b 16 -e signed-integer sox_s16_stereo.wav $tone
sox -D -n -r 8000 -c 1 -b 32 -e floating-point sox_f32_mono.wav $tone
sox -D -n -r 8000 -c 2 -b 32 -e floating-point sox_f32_stereo.wav $tone
sox -D -n -r 8000 -c 1 -b 8 -e unsigned-integer sox_u8_mono.wav $tone
sox -D -n -r 8000 -c 2 -b 24 -e signed-integer sox_s24_stereo.wav $tone
sox -D -n -r 8000 -c 4 -b 16 -e signed-integer sox_s16_4ch.wav $tone
sox -D -n -r 8000 -c 1 -e u-law sox_ulaw.wav $tone
sox -D -n -r 8000 -c 1 -e ima-adpcm sox_ima_adpcm.wav $tone
