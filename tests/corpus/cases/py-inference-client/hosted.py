from huggingface_hub import InferenceClient

client = InferenceClient(model="meta-llama/Llama-3.3-70B-Instruct")

answer = client.chat_completion(
    messages=[{"role": "user", "content": "What is the capital of France?"}], max_tokens=64
)
image = client.text_to_image("An astronaut riding a horse", model="black-forest-labs/FLUX.1-schnell")
image.save("astronaut.png")
