import boto3
from google import genai
from langchain_aws import ChatBedrock

PROFILES = ("anthropic.claude", "meta.llama")  # prefixes the app accepts

bedrock = boto3.client("bedrock-runtime")
bedrock.converse(modelId="us.anthropic.claude-3-5-haiku-20241022-v1:0", messages=[])
chat = ChatBedrock(model_id="meta.llama3-70b-instruct-v1:0")

client = genai.Client()
client.models.embed_content(model="models/text-embedding-004", contents=["hi"])
client.models.generate_content(model="gemini-2.0-flash", contents="hi")
