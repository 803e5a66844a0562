from google import genai

client = genai.Client()

response = client.models.generate_content(
    model="gemini-2.0-flash", contents="Explain how AI works in a few words"
)
vectors = client.models.embed_content(model="gemini-embedding-001", contents=["hello", "world"])
