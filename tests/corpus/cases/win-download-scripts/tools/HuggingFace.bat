@echo off
rem usage: HuggingFace.bat DIR FILE REPO_ID SOURCE_FILE
curl -L -o "%~1%~2" "https://huggingface.co/%~3/resolve/main/%~4"
