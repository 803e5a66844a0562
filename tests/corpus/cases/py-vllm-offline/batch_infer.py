from vllm import LLM, SamplingParams

llm = LLM(
    model="Qwen/Qwen2.5-7B-Instruct-AWQ",
    tokenizer="Qwen/Qwen2.5-7B-Instruct",
    quantization="awq",
    max_model_len=8192,
    speculative_config={"model": "Qwen/Qwen2.5-0.5B-Instruct", "num_speculative_tokens": 5},
)
params = SamplingParams(temperature=0.2, max_tokens=512)

outputs = llm.generate(["Write a haiku about GPUs."], params)
for out in outputs:
    print(out.outputs[0].text)
