from langchain_openai import AzureChatOpenAI

llm = AzureChatOpenAI(azure_deployment="gpt-35-turbo", api_version="2024-10-21", temperature=0)
