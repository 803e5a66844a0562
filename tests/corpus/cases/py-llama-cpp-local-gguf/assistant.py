from llama_cpp import Llama

llm = Llama(
    model_path="models/phi-3-mini-4k-instruct-q4.gguf",
    n_ctx=4096,
    n_gpu_layers=-1,
    chat_format="chatml",
)

result = llm.create_chat_completion(messages=[{"role": "user", "content": "Hello"}])
print(result["choices"][0]["message"]["content"])
