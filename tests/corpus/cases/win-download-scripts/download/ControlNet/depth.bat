@echo off
chcp 65001 > NUL
set DL_HF=%~dp0..\..\tools\HuggingFace.bat

@REM https://huggingface.co/lllyasviel/sd-controlnet-canny
call %DL_HF% SD15\ depth.safetensors lllyasviel/sd-controlnet-depth diffusion_pytorch_model.safetensors
if %ERRORLEVEL% neq 0 ( exit /b 1 )
