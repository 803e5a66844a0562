from langchain_anthropic import ChatAnthropic
from langchain_huggingface import HuggingFaceEmbeddings
from langchain_ollama import ChatOllama, OllamaEmbeddings
from langchain_openai import ChatOpenAI

llm = ChatOpenAI(model="gpt-4o", temperature=0)
judge = ChatAnthropic(model_name="claude-3-opus-20240229", max_tokens=1024)
local_llm = ChatOllama(model="llama3.2:3b")
embeddings = OllamaEmbeddings(model="nomic-embed-text")
dense = HuggingFaceEmbeddings(model_name="sentence-transformers/all-mpnet-base-v2")
