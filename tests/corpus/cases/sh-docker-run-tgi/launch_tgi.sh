#!/usr/bin/env bash
model=HuggingFaceH4/zephyr-7b-beta
volume=$PWD/data # share a volume with the container to avoid downloading weights every run

docker run --gpus all --shm-size 1g -p 8080:80 -v $volume:/data \
    ghcr.io/huggingface/text-generation-inference:2.4.0 \
    --model-id $model
