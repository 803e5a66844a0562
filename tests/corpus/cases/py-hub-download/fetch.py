from huggingface_hub import hf_hub_download, snapshot_download

gguf_path = hf_hub_download(
    repo_id="TheBloke/Mistral-7B-Instruct-v0.2-GGUF",
    filename="mistral-7b-instruct-v0.2.Q4_K_M.gguf",
)

sdxl_dir = snapshot_download(
    "stabilityai/stable-diffusion-xl-base-1.0",
    revision="462165984030d82259a11f4367a4eed129e94a7b",
    allow_patterns=["*.json", "*.safetensors"],
)

# Evaluation prompts live in a dataset repository, not a model repository.
prompts_path = hf_hub_download(
    repo_id="HuggingFaceH4/mt_bench_prompts",
    filename="raw/question.jsonl",
    repo_type="dataset",
)
