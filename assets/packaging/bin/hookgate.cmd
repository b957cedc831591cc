@echo off
rem The `hookgate` command of an installed Hookgate app: the bundled CLI, run by the app's own
rem Electron binary acting as Node. Add this folder to PATH to use it from any prompt.
setlocal
set ELECTRON_RUN_AS_NODE=1
"%~dp0..\..\Hookgate.exe" "%~dp0..\cli\hookgate.js" %*
exit /b %ERRORLEVEL%
