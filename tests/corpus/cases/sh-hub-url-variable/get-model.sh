#!/bin/sh
# Download a converted speech model.
src="https://huggingface.co/ggerganov/whisper.cpp"
pfx="resolve/main/ggml"
if echo "$1" | grep -q tdrz; then
    src="https://huggingface.co/akashmjn/tinydiarize-whisper.cpp"
fi
curl -L --output "ggml-$1.bin" "$src/$pfx-$1.bin"
echo "see https://huggingface.co/datasets/openslr/librispeech_asr for test audio"
