"""Launch a DreamBooth LoRA run and fetch the evaluation model."""
import os
import subprocess

BASE = "stabilityai/stable-diffusion-xl-base-1.0"
VAE = "madebyollama/sdxl-vae-fp16-fix"

TRAIN = f"""accelerate launch train_dreambooth_lora_sdxl.py \\
  --pretrained_model_name_or_path={BASE} \\
  --pretrained_vae_model_name_or_path {VAE} \\
  --output_dir=lora-out --resolution=1024"""


def main() -> None:
    subprocess.run(["huggingface-cli", "download", "openai/clip-vit-large-patch14"], check=True)
    os.system(TRAIN)
    print("next: python infer.py --model lora-out --base stabilityai/sdxl-turbo")
