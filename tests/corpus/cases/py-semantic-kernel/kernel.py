from semantic_kernel import Kernel
from semantic_kernel.connectors.ai.open_ai import OpenAIChatCompletion, OpenAITextEmbedding

kernel = Kernel()
kernel.add_service(OpenAIChatCompletion(ai_model_id="gpt-4o-mini", service_id="chat"))
kernel.add_service(OpenAITextEmbedding(ai_model_id="text-embedding-3-small", service_id="embedding"))
