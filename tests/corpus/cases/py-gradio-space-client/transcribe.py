from gradio_client import Client, handle_file

# Calls the public demo Space: https://huggingface.co/spaces/hf-audio/whisper-large-v3
client = Client("hf-audio/whisper-large-v3")
result = client.predict(inputs=handle_file("meeting.wav"), task="transcribe", api_name="/predict")
print(result)
