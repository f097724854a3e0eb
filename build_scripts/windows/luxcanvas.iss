; Inno Setup 6 script: LuxCanvas-Setup-<version>.exe, a per-user installer (no administrator).
;
;   iscc /DAppVersion=0.1.0 /DAppNumericVersion=0.1.0.40000 build_scripts\windows\luxcanvas.iss
;
; AppVersion is the package version as is (0.2.0rc1); AppNumericVersion the a.b.c.d the exe's
; own version resource carries, from the one rule in build_scripts\release_info.py:
;   python build_scripts\release_info.py windows-version 0.2.0rc1     -> 0.2.0.30199
;
; Expects the PyInstaller onedir app in dist\LuxCanvas\ (relative to the repository root) and
; writes dist\installer\LuxCanvas-Setup-<version>.exe. Silent install for CI and IT departments:
;   LuxCanvas-Setup-0.1.0.exe /VERYSILENT /CURRENTUSER /SUPPRESSMSGBOXES /NORESTART
; Silent uninstall keeps the user's history, cache and settings unless /PURGE is passed to
; unins000.exe.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z /DAppNumericVersion=A.B.C.D luxcanvas.iss
#endif
#ifndef AppNumericVersion
  #error Pass the numeric version: /DAppNumericVersion= from `python build_scripts\release_info.py windows-version`
#endif

#define AppName "LuxCanvas"
#define AppExe "LuxCanvas.exe"
#define AppPublisher "The LuxCanvas developers"
#define AppURL "https://github.com/luxcanvas/luxcanvas"
; The ProgID under which "Open with LuxCanvas" is registered for each image type.
#define ProgId "LuxCanvas.Image"
#define RepoRoot AddBackslash(SourcePath) + "..\.."

; The installer and the exe it installs carry the same numbers. A stand-in exe without a
; version resource (build_scripts/smoke_windows_wine.sh) is let through.
#define BuiltExeVersion GetVersionNumbersString(RepoRoot + "\dist\" + AppName + "\" + AppExe)
#if BuiltExeVersion != "" && BuiltExeVersion != AppNumericVersion
  #pragma message "dist\LuxCanvas\LuxCanvas.exe: " + BuiltExeVersion + ", AppNumericVersion: " + AppNumericVersion
  #error The built LuxCanvas.exe carries another version than AppNumericVersion: rebuild it, or pass its version
#endif

[Setup]
; A fixed AppId ties upgrades and the uninstaller together: never change it.
AppId={{6F1C8E52-3C1B-4E8D-9B7A-5A2E4C7D9F10}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppPublisherURL={#AppURL}
AppSupportURL={#AppURL}
AppCopyright=Copyright (c) 2026 {#AppPublisher}
; Numbers only (Windows refuses 0.2.0rc1 here); the text versions keep the package's own.
VersionInfoVersion={#AppNumericVersion}
VersionInfoTextVersion={#AppVersion}
VersionInfoProductTextVersion={#AppVersion}
; Per-user: no UAC prompt; files under %LOCALAPPDATA%\Programs, registry under HKCU.
; Always per-user: /CURRENTUSER is accepted and changes nothing, /ALLUSERS is not offered.
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#RepoRoot}\dist\installer
OutputBaseFilename={#AppName}-Setup-{#AppVersion}
SetupIconFile={#RepoRoot}\resources\icons\luxcanvas.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
; No licence page: MIT needs no acceptance; LICENSE and THIRD_PARTY_NOTICES.txt are installed.
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Tell Explorer about the new file associations once, at the end.
ChangesAssociations=yes
; Upgrades: close a running LuxCanvas instead of asking for a reboot.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: stale libraries from an older version must not linger.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#RepoRoot}\dist\{#AppName}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Restore old photographs"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; "Open with LuxCanvas" for image types, per user (HKCU\Software\Classes). LuxCanvas is offered
; in the Open-with list; it never takes over the user's default viewer.
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Photo (LuxCanvas)"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
; The application's own registration (Open with dialog, "Default apps" settings).
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
; Per extension: LuxCanvas in the Open-with list (OpenWithProgids) and in SupportedTypes.
; Uninstall removes our value and then each key it leaves empty: OpenWithProgids first, then
; .<ext> (the uninstaller works through these entries in reverse order). Keys holding anything
; else, e.g. another program's ProgID, stay.
Root: HKCU; Subkey: "Software\Classes\.jpg"; Flags: uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.jpeg"; Flags: uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.png"; Flags: uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.tif"; Flags: uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.tiff"; Flags: uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.webp"; Flags: uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.bmp"; Flags: uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.heic"; Flags: uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.heif"; Flags: uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.avif"; Flags: uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.jpg\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.jpeg\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.png\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.tif\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.tiff\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.webp\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.bmp\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.heic\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.heif\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\.avif\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".jpg"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".jpeg"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".png"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".tif"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".tiff"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".webp"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".bmp"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".heic"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".heif"; ValueData: ""
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".avif"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; The uninstaller removes every file and folder the installer put there (its log lists them,
; across upgrades) and {app} itself once it is empty. It must not remove more: the user may have
; chosen a folder that holds other files. What the app can add at run time is confined to the
; bundle's own _internal folder, which only this installer fills ([InstallDelete] empties it on
; every install); the frozen app writes nothing there today (its data, logs and cache live in
; %LOCALAPPDATA%\LuxCanvas), so this only catches what a future library might leave, e.g. a
; __pycache__.
Type: filesandordirs; Name: "{app}\_internal"

[Code]
// The uninstaller removes the program, its shortcuts and registry entries. The user's photo
// history, result versions, cache and settings (platformdirs: %LOCALAPPDATA%\LuxCanvas) are kept
// unless the user ticks "also delete" when asked, or passes /PURGE to a silent uninstall. The
// API key lives in Windows Credential Manager and is removed together with the data.
var
  PurgeUserData: Boolean;

function UserDataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\{#AppName}');
end;

function CommandLineHas(const Flag: String): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount do
    if CompareText(ParamStr(I), Flag) = 0 then
      Result := True;
end;

function InitializeUninstall(): Boolean;
begin
  PurgeUserData := CommandLineHas('/PURGE');
  if (not UninstallSilent) and DirExists(UserDataDir()) then
    PurgeUserData := MsgBox(
      'Also delete your LuxCanvas photo history, restored versions, cache and settings?' + #13#10 + #13#10 +
      UserDataDir() + #13#10 + #13#10 +
      'Choose No to keep them for a later reinstall (recommended).',
      mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
  Result := True;
end;

procedure DeleteStoredApiKey();
var
  ResultCode: Integer;
begin
  // cmdkey ships with Windows. keyring's WinVaultKeyring stores the key as a generic credential
  // whose target is the service name ("luxcanvas"), or "<user>@luxcanvas" when a second account
  // was stored. A missing credential is not an error.
  Exec(ExpandConstant('{sys}\cmdkey.exe'), '/delete:luxcanvas', '',
       SW_HIDE, ewWaitUntilTerminated, ResultCode);
  Exec(ExpandConstant('{sys}\cmdkey.exe'), '/delete:laozhang-api-key@luxcanvas', '',
       SW_HIDE, ewWaitUntilTerminated, ResultCode);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and PurgeUserData then
  begin
    DelTree(UserDataDir(), True, True, True);
    DeleteStoredApiKey();
  end;
end;
