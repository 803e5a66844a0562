from smolagents import CodeAgent, InferenceClientModel, LiteLLMModel, TransformersModel, WebSearchTool

hosted = InferenceClientModel(model_id="Qwen/Qwen2.5-Coder-32B-Instruct")
claude = LiteLLMModel(model_id="anthropic/claude-3-5-sonnet-latest", temperature=0.2)
local = TransformersModel(model_id="HuggingFaceTB/SmolLM2-1.7B-Instruct", max_new_tokens=1024)

agent = CodeAgent(tools=[WebSearchTool()], model=claude)
