; Inno Setup 6 script: a per-user (no admin) or per-machine installer for the frozen app in
; dist\hrd-desk\ (built on Windows with packaging\hrd-desk.spec). From the repository root:
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\hrd-desk.iss
; Output: dist\hrd-desk-<version>-windows-x64-setup.exe. Steps, signing: packaging\README.md.
;
; Privacy: no file associations, no "Open with" entries, no registry keys of our own: Windows has
; nothing to put vault or summary files into Recent items or jump lists under this app.

#ifndef AppVersion
  #error Pass the version from pyproject.toml: ISCC /DAppVersion=X.Y.Z hrd-desk.iss
#endif

[Setup]
; A fixed id, so that upgrades replace the installed version. Never change it.
AppId={{6F0B7C1E-3D52-4B8A-9E61-2A7D4C9F8B13}
AppName=HRD Desk
AppVersion={#AppVersion}
AppVerName=HRD Desk {#AppVersion}
AppPublisher=HRD Desk team
DefaultDirName={autopf}\HRD Desk
DefaultGroupName=HRD Desk
DisableProgramGroupPage=yes
; Officers rarely have admin rights: install for the current user unless they choose otherwise.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SourceDir=..\..
OutputDir=dist
OutputBaseFilename=hrd-desk-{#AppVersion}-windows-x64-setup
SetupIconFile=packaging\windows\hrd-desk.ico
UninstallDisplayIcon={app}\hrd-desk.exe
UninstallDisplayName=HRD Desk
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Code signing: define a sign tool named "signtool" in the Inno Setup IDE or on the command line
; (ISCC "/Ssigntool=signtool.exe sign /fd sha256 /tr <RFC 3161 timestamp URL> /td sha256 /f <cert.pfx> /p <password> $f")
; and uncomment the next line; the installer and the uninstaller are then signed.
;SignTool=signtool

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "es"; MessagesFile: "compiler:Languages\Spanish.isl"
Name: "ru"; MessagesFile: "compiler:Languages\Russian.isl"
; Arabic is not among the messages files Inno Setup 6 installs by default; if your ISCC has
; compiler:Languages\Arabic.isl, add it here. The app itself is in Arabic either way.

[Files]
Source: "dist\hrd-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\HRD Desk"; Filename: "{app}\hrd-desk.exe"; Comment: "Encrypted, offline case files"

[Run]
Filename: "{app}\hrd-desk.exe"; Description: "{cm:LaunchProgram,HRD Desk}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program folder. Vaults live where the officer put them and are never touched; the
; app's preferences (geometry, language) stay in the user's registry hive under "hrd-desk".
Type: filesandordirs; Name: "{app}"
