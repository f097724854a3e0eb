<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>CompareCanvas</name>
    <message>
        <location filename="../../luxcanvas/gui/canvas.py" line="161"/>
        <source>Photo canvas</source>
        <translation>Lienzo de la foto</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/canvas.py" line="169"/>
        <source>No photo open</source>
        <translation>No hay ninguna foto abierta</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/canvas.py" line="484"/>
        <source>Before</source>
        <translation>Antes</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/canvas.py" line="484"/>
        <source>After</source>
        <translation>Después</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/canvas.py" line="487"/>
        <source>No original</source>
        <translation>Sin original</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/canvas.py" line="487"/>
        <source>No result yet</source>
        <translation>Aún no hay resultado</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/canvas.py" line="835"/>
        <source>Split view</source>
        <translation>Vista dividida</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/canvas.py" line="836"/>
        <source>Side by side</source>
        <translation>Lado a lado</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/canvas.py" line="837"/>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/canvas.py" line="838"/>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/canvas.py" line="841"/>
        <source>{mode}, zoom {percent} %</source>
        <translation>{mode}, zoom {percent} %</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <location filename="../../luxcanvas/gui/errors.py" line="73"/>
        <source>Retry</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/errors.py" line="74"/>
        <source>Settings…</source>
        <translation>Ajustes…</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/errors.py" line="75"/>
        <source>Copy details</source>
        <translation>Copiar detalles</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/errors.py" line="77"/>
        <location filename="../../luxcanvas/gui/errors.py" line="78"/>
        <source>Dismiss</source>
        <translation>Descartar</translation>
    </message>
    <message numerus="yes">
        <location filename="../../luxcanvas/gui/errors.py" line="107"/>
        <source>%n jobs failed.</source>
        <translation>
            <numerusform>Falló %n trabajo.</numerusform>
            <numerusform>Fallaron %n trabajos.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="143"/>
        <source>No API key is set — add your LaoZhang key in Settings, or pick the free offline repair.</source>
        <translation>No hay clave de API: añade tu clave de LaoZhang en Ajustes o elige la reparación sin conexión gratuita.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="150"/>
        <source>Your LaoZhang balance is empty — top up, then Retry.</source>
        <translation>Tu saldo de LaoZhang está vacío: recárgalo y pulsa Reintentar.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="153"/>
        <source>The gateway rejected your API key — check it in Settings, then Retry.</source>
        <translation>La pasarela rechazó tu clave de API: revísala en Ajustes y pulsa Reintentar.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="156"/>
        <source>This would pass your monthly budget — raise the cap in Settings, then Retry.</source>
        <translation>Esto superaría tu presupuesto mensual: sube el límite en Ajustes y pulsa Reintentar.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="160"/>
        <source>The model refused this photo or gave no image — try another strategy.</source>
        <translation>El modelo rechazó esta foto o no devolvió imagen: prueba otra estrategia.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="164"/>
        <source>The gateway is busy right now — wait a moment, then Retry.</source>
        <translation>La pasarela está saturada: espera un momento y pulsa Reintentar.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="167"/>
        <source>LaoZhang could not be reached — check your internet connection, then Retry.</source>
        <translation>No se pudo contactar con LaoZhang: revisa tu conexión a internet y pulsa Reintentar.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="171"/>
        <source>The model took too long to answer — Retry later or pick a faster strategy.</source>
        <translation>El modelo tardó demasiado en responder: reinténtalo más tarde o elige una estrategia más rápida.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="175"/>
        <source>The gateway or the model failed — Retry in a few minutes or pick another strategy.</source>
        <translation>Falló la pasarela o el modelo: reinténtalo en unos minutos o elige otra estrategia.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="180"/>
        <source>This file cannot be opened as a photo — it may be damaged or empty.</source>
        <translation>Este archivo no se puede abrir como foto: puede estar dañado o vacío.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="183"/>
        <source>These options cannot be used with this strategy.</source>
        <translation>Estas opciones no sirven para esta estrategia.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="186"/>
        <source>Cancelled.</source>
        <translation>Cancelado.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="187"/>
        <source>LuxCanvas was closed while this job was running.</source>
        <translation>LuxCanvas se cerró mientras este trabajo estaba en curso.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="193"/>
        <source>Something went wrong inside LuxCanvas — Copy details and report it.</source>
        <translation>Algo falló dentro de LuxCanvas: copia los detalles e infórmanos.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="198"/>
        <source>The gateway may still bill this call.</source>
        <translation>Es posible que la pasarela cobre igualmente esta llamada.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../luxcanvas/gui/export_dialog.py" line="152"/>
        <location filename="../../luxcanvas/gui/export_dialog.py" line="174"/>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/export_dialog.py" line="155"/>
        <source>Export the %1 version of %2 (%3×%4).</source>
        <translation>Exportar la versión «%1» de %2 (%3×%4).</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/export_dialog.py" line="163"/>
        <source>Format</source>
        <translation>Formato</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/export_dialog.py" line="163"/>
        <source>Quality</source>
        <translation>Calidad</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/export_dialog.py" line="163"/>
        <source>Metadata</source>
        <translation>Metadatos</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/export_dialog.py" line="163"/>
        <source>Save as</source>
        <translation>Guardar como</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/export_dialog.py" line="168"/>
        <source>Keep the original&apos;s date, place, camera and colour profile</source>
        <translation>Conservar la fecha, el lugar, la cámara y el perfil de color del original</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/export_dialog.py" line="171"/>
        <source>LuxCanvas also records which strategy and model made this version.</source>
        <translation>LuxCanvas también anota qué estrategia y qué modelo hicieron esta versión.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/export_dialog.py" line="173"/>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/export_dialog.py" line="175"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/export_dialog.py" line="200"/>
        <source>Export as</source>
        <translation>Exportar como</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../luxcanvas/gui/history.py" line="35"/>
        <source>The model changed the framing; it was mapped back.</source>
        <translation>El modelo cambió el encuadre; se ha devuelto al original.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/history.py" line="117"/>
        <location filename="../../luxcanvas/gui/history.py" line="128"/>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/history.py" line="119"/>
        <source>Every version of this photo appears here, and stays after a restart.</source>
        <translation>Cada versión de esta foto aparece aquí y se conserva al reiniciar.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/history.py" line="121"/>
        <source>Compare</source>
        <translation>Comparar</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/history.py" line="122"/>
        <source>Select two versions (Ctrl+click) to compare</source>
        <translation>Selecciona dos versiones (Ctrl+clic) para compararlas</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/history.py" line="123"/>
        <location filename="../../luxcanvas/gui/history.py" line="279"/>
        <source>Star</source>
        <translation>Destacar</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/history.py" line="124"/>
        <source>Re-run</source>
        <translation>Repetir</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/history.py" line="125"/>
        <source>Run again with the same settings</source>
        <translation>Ejecutar de nuevo con los mismos ajustes</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/history.py" line="126"/>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/history.py" line="127"/>
        <source>Export starred…</source>
        <translation>Exportar destacadas…</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/history.py" line="212"/>
        <source>free</source>
        <translation>gratis</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/history.py" line="215"/>
        <source>cached</source>
        <translation>de la caché</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/history.py" line="219"/>
        <source>Running…</source>
        <translation>En curso…</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/history.py" line="227"/>
        <source>Failed</source>
        <translation>Falló</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/history.py" line="228"/>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/history.py" line="229"/>
        <source>Interrupted</source>
        <translation>Interrumpido</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/history.py" line="244"/>
        <source>Extra instructions: %1</source>
        <translation>Instrucciones adicionales: %1</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/history.py" line="279"/>
        <source>Unstar</source>
        <translation>Quitar estrella</translation>
    </message>
</context>
<context>
    <name>JobRow</name>
    <message>
        <location filename="../../luxcanvas/gui/jobs_panel.py" line="69"/>
        <location filename="../../luxcanvas/gui/jobs_panel.py" line="70"/>
        <source>Cancel this job</source>
        <translation>Cancelar este trabajo</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/jobs_panel.py" line="94"/>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/jobs_panel.py" line="99"/>
        <source>%1 of ~%2</source>
        <translation>%1 de ~%2</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="353"/>
        <source>LuxCanvas — photo restoration</source>
        <translation>LuxCanvas — restauración de fotos</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="354"/>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="355"/>
        <source>Strategy</source>
        <translation>Estrategia</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="356"/>
        <location filename="../../luxcanvas/gui/main_window.py" line="386"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="357"/>
        <source>Cancel the running jobs of this photo</source>
        <translation>Cancelar los trabajos en curso de esta foto</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="358"/>
        <source>Open…</source>
        <translation>Abrir…</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="361"/>
        <source>Open photos (%1). You can also drop photos or a folder on the window.</source>
        <translation>Abrir fotos (%1). También puedes soltar fotos o una carpeta en la ventana.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="368"/>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="369"/>
        <location filename="../../luxcanvas/gui/main_window.py" line="388"/>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="371"/>
        <source>Before | After</source>
        <translation>Antes | Después</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="372"/>
        <source>Side by side</source>
        <translation>Lado a lado</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="373"/>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="374"/>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="378"/>
        <source>Flip</source>
        <translation>Invertir</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="379"/>
        <source>Swap before and after (F)</source>
        <translation>Intercambiar antes y después (F)</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="380"/>
        <source>Fit</source>
        <translation>Ajustar</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="381"/>
        <source>Fit to window (Ctrl+0)</source>
        <translation>Ajustar a la ventana (Ctrl+0)</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="383"/>
        <source>Actual pixels (Ctrl+1)</source>
        <translation>Píxeles reales (Ctrl+1)</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="385"/>
        <source>Run</source>
        <translation>Ejecutar</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="387"/>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="391"/>
        <source>LuxCanvas</source>
        <translation>LuxCanvas</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="428"/>
        <location filename="../../luxcanvas/gui/main_window.py" line="953"/>
        <source>free</source>
        <translation>gratis</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="429"/>
        <source>Preview</source>
        <translation>Previsualizar</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="429"/>
        <source>Restore</source>
        <translation>Restaurar</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="432"/>
        <source>Run %1 on this photo (%2)</source>
        <translation>Aplicar «%1» a esta foto (%2)</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="452"/>
        <source>Drop photos or a folder here
or press %1 to open them.

The free offline repair works without an API key.</source>
        <translation>Suelta aquí fotos o una carpeta
o pulsa %1 para abrirlas.

La reparación sin conexión es gratuita y no necesita clave de API.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="461"/>
        <source>%1 cannot be opened.</source>
        <translation>No se puede abrir %1.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="463"/>
        <source>Opening %1…</source>
        <translation>Abriendo %1…</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="471"/>
        <source>This month: %1 of %2</source>
        <translation>Este mes: %1 de %2</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="476"/>
        <source>This month: %1</source>
        <translation>Este mes: %1</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="488"/>
        <source>Comparing two versions: %1 (left) and %2 (right)</source>
        <translation>Comparando dos versiones: %1 (izquierda) y %2 (derecha)</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="550"/>
        <source>Open photos</source>
        <translation>Abrir fotos</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="552"/>
        <source>Photos (%1);;All files (*)</source>
        <translation>Fotos (%1);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="574"/>
        <source>The clipboard holds no photo.</source>
        <translation>El portapapeles no contiene ninguna foto.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="817"/>
        <source>Delete version</source>
        <translation>Eliminar versión</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="819"/>
        <source>Delete this version (%1)? Its file is removed; the cost stays in the ledger.</source>
        <translation>¿Eliminar esta versión (%1)? Se borra su archivo; el gasto sigue en el registro.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="947"/>
        <source>%1: done in %2, from the cache (no charge).</source>
        <translation>%1: listo en %2, desde la caché (sin coste).</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="949"/>
        <source>%1: done in %2 · %3.</source>
        <translation>%1: listo en %2 · %3.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="973"/>
        <source>%1: cancelled.</source>
        <translation>%1: cancelado.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="1036"/>
        <source>Exporting…</source>
        <translation>Exportando…</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="1040"/>
        <source>Export starred versions to</source>
        <translation>Exportar las versiones destacadas a</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/main_window.py" line="1066"/>
        <source>Exported to %1</source>
        <translation>Exportado a %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="199"/>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="200"/>
        <source>LaoZhang gateway</source>
        <translation>Pasarela LaoZhang</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="201"/>
        <source>API key</source>
        <translation>Clave de API</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="202"/>
        <source>Base URL</source>
        <translation>URL base</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="203"/>
        <source>Save key</source>
        <translation>Guardar clave</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="204"/>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="205"/>
        <source>Test connection</source>
        <translation>Probar conexión</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="206"/>
        <source>Asks the gateway which models it offers (free).</source>
        <translation>Pregunta a la pasarela qué modelos ofrece (gratis).</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="207"/>
        <source>Money and storage</source>
        <translation>Gasto y almacenamiento</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="208"/>
        <source>Monthly budget</source>
        <translation>Presupuesto mensual</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="209"/>
        <source>No cap</source>
        <translation>Sin límite</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="210"/>
        <source>Result cache</source>
        <translation>Caché de resultados</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="211"/>
        <source>Clear cache</source>
        <translation>Vaciar caché</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="212"/>
        <source>Appearance</source>
        <translation>Apariencia</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="213"/>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="214"/>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="215"/>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="218"/>
        <source>Follow the system</source>
        <translation>Como el sistema</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="218"/>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="218"/>
        <source>Dark</source>
        <translation>Oscuro</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="221"/>
        <source>OK</source>
        <translation>Aceptar</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="222"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="224"/>
        <source>Spent this month: %1</source>
        <translation>Gastado este mes: %1</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="240"/>
        <source>A key is set by the LAOZHANG_API_KEY environment variable.</source>
        <translation>La clave la fija la variable de entorno LAOZHANG_API_KEY.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="242"/>
        <source>A key is stored in the system keyring (%1).</source>
        <translation>Hay una clave guardada en el llavero del sistema (%1).</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="247"/>
        <source>⚠ No secure keyring on this system: the key is kept for this session only and forgotten when LuxCanvas closes.</source>
        <translation>⚠ Este sistema no tiene un llavero seguro: la clave se guarda solo durante esta sesión y se olvida al cerrar LuxCanvas.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="252"/>
        <source>No key yet. A key you save is stored in the system keyring (%1).</source>
        <translation>Aún no hay clave. La clave que guardes irá al llavero del sistema (%1).</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="256"/>
        <source>⚠ No key yet, and no secure keyring on this system: a key you save is kept for this session only.</source>
        <translation>⚠ Aún no hay clave y este sistema no tiene un llavero seguro: la clave que guardes se conservará solo durante esta sesión.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="261"/>
        <source>sk-… (from laozhang.ai)</source>
        <translation>sk-… (de laozhang.ai)</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="289"/>
        <source>Asking the gateway…</source>
        <translation>Consultando a la pasarela…</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="303"/>
        <source>✓ Connected.</source>
        <translation>✓ Conectado.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="305"/>
        <source>Available: %1.</source>
        <translation>Disponibles: %1.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="307"/>
        <source>Not offered right now: %1.</source>
        <translation>No disponibles ahora: %1.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="329"/>
        <source>Measuring…</source>
        <translation>Midiendo…</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/settings_dialog.py" line="332"/>
        <source>%1 of results already paid for</source>
        <translation>%1 de resultados ya pagados</translation>
    </message>
</context>
<context>
    <name>Stages</name>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="110"/>
        <source>Queued</source>
        <translation>En cola</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="111"/>
        <source>Preparing the photo</source>
        <translation>Preparando la foto</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="112"/>
        <source>Uploading</source>
        <translation>Subiendo</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="113"/>
        <source>Waiting for the model</source>
        <translation>Esperando al modelo</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="114"/>
        <source>Downloading the result</source>
        <translation>Descargando el resultado</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="115"/>
        <source>Processing</source>
        <translation>Procesando</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="116"/>
        <source>Saving the result</source>
        <translation>Guardando el resultado</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="117"/>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="118"/>
        <source>Failed</source>
        <translation>Falló</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="119"/>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="124"/>
        <source>Examining the damage</source>
        <translation>Examinando los daños</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="125"/>
        <source>Repairing scratches and dust</source>
        <translation>Reparando arañazos y polvo</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="126"/>
        <source>Reducing grain</source>
        <translation>Reduciendo el grano</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="127"/>
        <source>Lifting the fading</source>
        <translation>Recuperando el desvaído</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="128"/>
        <source>Correcting colour casts</source>
        <translation>Corrigiendo dominantes de color</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="129"/>
        <source>Sharpening</source>
        <translation>Enfocando</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="130"/>
        <source>Enlarging</source>
        <translation>Ampliando</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="134"/>
        <source>Fitting the result to the original framing</source>
        <translation>Ajustando el resultado al encuadre original</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="136"/>
        <source>Found in the cache: no charge</source>
        <translation>Encontrado en la caché: sin coste</translation>
    </message>
</context>
<context>
    <name>Strategies</name>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="19"/>
        <source>Free offline repair</source>
        <translation>Reparación sin conexión gratuita</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="20"/>
        <source>Quick preview</source>
        <translation>Vista previa rápida</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="21"/>
        <source>Faithful restoration</source>
        <translation>Restauración fiel</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="22"/>
        <source>4K re-shoot (Seedream 4.0)</source>
        <translation>Nueva toma en 4K (Seedream 4.0)</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="23"/>
        <source>4K re-shoot (Seedream 4.5)</source>
        <translation>Nueva toma en 4K (Seedream 4.5)</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="24"/>
        <source>Direct edit (GPT-4o image)</source>
        <translation>Edición directa (GPT-4o image)</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="25"/>
        <source>Magic Eye reconstruction</source>
        <translation>Reconstrucción Magic Eye</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="32"/>
        <source>Removes scratches and dust, lifts fading and colour casts on your own computer. No key, no cost.</source>
        <translation>Quita arañazos y polvo, y corrige el desvaído y las dominantes de color en tu propio ordenador. Sin clave y sin coste.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="37"/>
        <source>A fast, cheap first look with Nano Banana. Good for trying ideas before a faithful restoration.</source>
        <translation>Un primer vistazo rápido y barato con Nano Banana. Útil para probar ideas antes de una restauración fiel.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="42"/>
        <source>Nano Banana Pro repairs damage and keeps every face and detail, at 1K, 2K or 4K. The best choice for family photos.</source>
        <translation>Nano Banana Pro repara los daños y conserva cada rostro y detalle, a 1K, 2K o 4K. La mejor opción para fotos de familia.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="47"/>
        <source>Seedream re-photographs the scene as if with a modern camera, up to 4K. Sharper, but may reinterpret fine detail.</source>
        <translation>Seedream vuelve a fotografiar la escena como con una cámara moderna, hasta 4K. Más nítida, pero puede reinterpretar los detalles finos.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="52"/>
        <source>The newer Seedream model: the same re-shoot with higher quality.</source>
        <translation>El modelo Seedream más reciente: la misma nueva toma con más calidad.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="55"/>
        <source>GPT-4o image repairs and refreshes the photo in one pass. Output is at most 1536 px.</source>
        <translation>GPT-4o image repara y renueva la foto de una sola pasada. El resultado mide como máximo 1536 px.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="59"/>
        <source>Describes your photo in words with a vision model, then paints it anew with sora_image. For photos too damaged to repair.</source>
        <translation>Describe tu foto con palabras mediante un modelo de visión y luego la pinta de nuevo con sora_image. Para fotos demasiado dañadas para repararlas.</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="70"/>
        <source>photo</source>
        <translation>foto</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="71"/>
        <source>edit</source>
        <translation>edición</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="72"/>
        <source>image</source>
        <translation>imagen</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="73"/>
        <source>image + description</source>
        <translation>imagen + descripción</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="89"/>
        <source>Free</source>
        <translation>Gratis</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="91"/>
        <source>%1 per %2 · as of %3</source>
        <translation>%1 por %2 · precio a %3</translation>
    </message>
</context>
<context>
    <name>StrategyCard</name>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="194"/>
        <source>On this computer · typically ~%1</source>
        <translation>En este ordenador · normalmente ~%1</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="199"/>
        <source>Model: %1 · typically ~%2</source>
        <translation>Modelo: %1 · normalmente ~%2</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="205"/>
        <source>Needs a LaoZhang API key (Settings).</source>
        <translation>Necesita una clave de API de LaoZhang (Ajustes).</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="209"/>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="210"/>
        <source>Seedream version</source>
        <translation>Versión de Seedream</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="211"/>
        <source>Strength</source>
        <translation>Intensidad</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="212"/>
        <source>Steps</source>
        <translation>Pasos</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="213"/>
        <source>Extra instructions</source>
        <translation>Instrucciones adicionales</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="214"/>
        <location filename="../../luxcanvas/gui/picker.py" line="314"/>
        <source>Reference photos</source>
        <translation>Fotos de referencia</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="219"/>
        <source>Gentle</source>
        <translation>Suave</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="219"/>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="219"/>
        <source>Strong</source>
        <translation>Fuerte</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="223"/>
        <source>Repair scratches and dust</source>
        <translation>Reparar arañazos y polvo</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="224"/>
        <source>Reduce grain</source>
        <translation>Reducir el grano</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="225"/>
        <source>Lift fading</source>
        <translation>Recuperar el desvaído</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="226"/>
        <source>Correct colour casts</source>
        <translation>Corregir dominantes de color</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="227"/>
        <source>Sharpen</source>
        <translation>Enfocar</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="228"/>
        <source>Enlarge ×2</source>
        <translation>Ampliar ×2</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="233"/>
        <source>Optional, e.g. “keep the sepia tone”</source>
        <translation>Opcional, p. ej. «mantén el tono sepia»</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="235"/>
        <source>Add…</source>
        <translation>Añadir…</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="307"/>
        <source>None</source>
        <translation>Ninguna</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="316"/>
        <source>Images (*.jpg *.jpeg *.png *.webp *.heic *.tif *.tiff)</source>
        <translation>Imágenes (*.jpg *.jpeg *.png *.webp *.heic *.tif *.tiff)</translation>
    </message>
</context>
<context>
    <name>StrategyPicker</name>
    <message>
        <location filename="../../luxcanvas/gui/picker.py" line="381"/>
        <location filename="../../luxcanvas/gui/picker.py" line="385"/>
        <source>Strategies</source>
        <translation>Estrategias</translation>
    </message>
</context>
<context>
    <name>Time</name>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="101"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location filename="../../luxcanvas/gui/texts.py" line="103"/>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
</context>
</TS>
