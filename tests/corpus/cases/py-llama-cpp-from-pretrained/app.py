from llama_cpp import Llama

llm = Llama.from_pretrained(
    repo_id="bartowski/Llama-3.2-3B-Instruct-GGUF",
    filename="*Q4_K_M.gguf",
    n_ctx=8192,
    verbose=False,
)
print(llm("Q: Name the planets. A:", max_tokens=64)["choices"][0]["text"])
