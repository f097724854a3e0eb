<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>BrushBar</name>
    <message>
        <source>Keep original here</source>
        <translation>Conservar el original aquí</translation>
    </message>
    <message>
        <source>Paint over the result where your original should come back (B)</source>
        <translation>Pinte sobre el resultado donde deba volver su original (B)</translation>
    </message>
    <message>
        <source>Paint where the result should show your original. Middle-drag pans.</source>
        <translation>Pinte donde el resultado deba mostrar su original. Arrastre con el botón central para desplazar.</translation>
    </message>
    <message>
        <source>&amp;Size</source>
        <translation>&amp;Tamaño</translation>
    </message>
    <message>
        <source>Brush size</source>
        <translation>Tamaño del pincel</translation>
    </message>
    <message>
        <source>Apply (free)</source>
        <translation>Aplicar (gratis)</translation>
    </message>
    <message>
        <source>Put your original back where you painted, as a new version</source>
        <translation>Devolver su original donde ha pintado, como una versión nueva</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
</context>
<context>
    <name>Changes</name>
    <message>
        <source>Original kept where painted</source>
        <translation>Original conservado donde se pintó</translation>
    </message>
    <message>
        <source>%1 (from %2)</source>
        <translation>%1 (de %2)</translation>
    </message>
</context>
<context>
    <name>ChangesController</name>
    <message>
        <source>Invented</source>
        <translation>Inventado</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Perdido</translation>
    </message>
    <message>
        <source>Changes: orange where the result invented, blue where it lost detail · click a box to zoom to it</source>
        <translation>Cambios: naranja donde el resultado inventó, azul donde perdió detalle · haga clic en un recuadro para ampliarlo</translation>
    </message>
    <message>
        <source>Changes show here once a result is shown.</source>
        <translation>Los cambios aparecen aquí cuando se muestra un resultado.</translation>
    </message>
    <message>
        <source>The changes of this version could not be measured.</source>
        <translation>No se han podido medir los cambios de esta versión.</translation>
    </message>
    <message>
        <source>Measuring what the result changed…</source>
        <translation>Midiendo lo que cambió el resultado…</translation>
    </message>
    <message>
        <source>Putting your original back…</source>
        <translation>Devolviendo su original…</translation>
    </message>
    <message>
        <source>Your original is back there, as a new version (free).</source>
        <translation>Su original ha vuelto ahí, como una versión nueva (gratis).</translation>
    </message>
</context>
<context>
    <name>ChangesPlurals</name>
    <message numerus="yes">
        <source>Original back in %n region</source>
        <translation>
            <numerusform>Original devuelto en %n zona</numerusform>
            <numerusform>Original devuelto en %n zonas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Original back in %n regions</source>
        <translation>
            <numerusform>Original devuelto en %n zona</numerusform>
            <numerusform>Original devuelto en %n zonas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CompareCanvas</name>
    <message>
        <source>Photo canvas</source>
        <extracomment>Before and after swapped sides (split and side modes), or not. A changes region was clicked (its index); the view has zoomed to it.</extracomment>
        <translation>Lienzo de la foto</translation>
    </message>
    <message>
        <source>No photo open</source>
        <translation>No hay ninguna foto abierta</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Antes</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Después</translation>
    </message>
    <message>
        <source>No original</source>
        <translation>Sin original</translation>
    </message>
    <message>
        <source>No result yet</source>
        <translation>Aún no hay resultado</translation>
    </message>
    <message>
        <source>Split view</source>
        <translation>Vista dividida</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>Lado a lado</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Cambios</translation>
    </message>
    <message>
        <source>{mode}, zoom {percent} %</source>
        <translation>{mode}, zoom {percent} %</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>Retry</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <source>Settings…</source>
        <extracomment>Kinds whose next step is in Settings (the banner offers a Settings button). &quot;Show in folder&quot; on a notice: the folder&apos;s path.</extracomment>
        <translation>Ajustes…</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>Mostrar en la carpeta</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Copiar detalles</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Descartar</translation>
    </message>
    <message numerus="yes">
        <source>%n jobs failed.</source>
        <translation>
            <numerusform>Falló %n trabajo.</numerusform>
            <numerusform>Fallaron %n trabajos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Retry %1</source>
        <translation>Reintentar %1</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>No API key is set — add your LaoZhang key in Settings, or pick the free offline repair.</source>
        <translation>No hay clave de API: añade tu clave de LaoZhang en Ajustes o elige la reparación sin conexión gratuita.</translation>
    </message>
    <message>
        <source>The model refused this exact request before, and it was billed — change the instructions, or Retry to pay again.</source>
        <translation>El modelo ya rechazó exactamente esta petición, y se cobró — cambia las instrucciones, o pulsa Reintentar para pagar de nuevo.</translation>
    </message>
    <message>
        <source>This request may already have been billed without a result — check your LaoZhang call log, or Retry to pay again.</source>
        <translation>Es posible que esta petición ya se haya cobrado sin resultado — revisa tu registro de llamadas de LaoZhang, o pulsa Reintentar para pagar de nuevo.</translation>
    </message>
    <message>
        <source>Your LaoZhang balance is empty — top up, then Retry.</source>
        <translation>Tu saldo de LaoZhang está vacío: recárgalo y pulsa Reintentar.</translation>
    </message>
    <message>
        <source>The gateway rejected your API key — check it in Settings, then Retry.</source>
        <translation>La pasarela rechazó tu clave de API: revísala en Ajustes y pulsa Reintentar.</translation>
    </message>
    <message>
        <source>This would pass your monthly budget — raise the cap in Settings, then Retry.</source>
        <translation>Esto superaría tu presupuesto mensual: sube el límite en Ajustes y pulsa Reintentar.</translation>
    </message>
    <message>
        <source>The model refused this photo or gave no image — try another strategy.</source>
        <translation>El modelo rechazó esta foto o no devolvió imagen: prueba otra estrategia.</translation>
    </message>
    <message>
        <source>The gateway is busy right now — wait a moment, then Retry.</source>
        <translation>La pasarela está saturada: espera un momento y pulsa Reintentar.</translation>
    </message>
    <message>
        <source>LaoZhang could not be reached — check your internet connection, then Retry.</source>
        <translation>No se pudo contactar con LaoZhang: revisa tu conexión a internet y pulsa Reintentar.</translation>
    </message>
    <message>
        <source>The model took too long to answer — Retry later or pick a faster strategy.</source>
        <translation>El modelo tardó demasiado en responder: reinténtalo más tarde o elige una estrategia más rápida.</translation>
    </message>
    <message>
        <source>The gateway or the model failed — Retry in a few minutes or pick another strategy.</source>
        <translation>Falló la pasarela o el modelo: reinténtalo en unos minutos o elige otra estrategia.</translation>
    </message>
    <message>
        <source>This file cannot be opened as a photo — it may be damaged or empty.</source>
        <translation>Este archivo no se puede abrir como foto: puede estar dañado o vacío.</translation>
    </message>
    <message>
        <source>These options cannot be used with this strategy.</source>
        <translation>Estas opciones no sirven para esta estrategia.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Cancelado.</translation>
    </message>
    <message>
        <source>LuxCanvas was closed while this job was running.</source>
        <translation>LuxCanvas se cerró mientras este trabajo estaba en curso.</translation>
    </message>
    <message>
        <source>Something went wrong inside LuxCanvas — Copy details and report it.</source>
        <translation>Algo falló dentro de LuxCanvas: copia los detalles e infórmanos.</translation>
    </message>
    <message>
        <source>This file is no longer there — was it moved?</source>
        <extracomment>Why a file cannot be used, by ``InvalidInput.reason``.</extracomment>
        <translation>Este archivo ya no está ahí: ¿se movió?</translation>
    </message>
    <message>
        <source>This is a folder — open the photos inside it.</source>
        <translation>Esto es una carpeta: abre las fotos que contiene.</translation>
    </message>
    <message>
        <source>This file is empty (0 bytes) — copy it again.</source>
        <translation>Este archivo está vacío (0 bytes): cópialo de nuevo.</translation>
    </message>
    <message>
        <source>This is a web page saved with a photo&apos;s name — download the picture again.</source>
        <translation>Esto es una página web guardada con nombre de foto: descarga la imagen de nuevo.</translation>
    </message>
    <message>
        <source>This file is not a photo LuxCanvas can open.</source>
        <translation>Este archivo no es una foto que LuxCanvas pueda abrir.</translation>
    </message>
    <message>
        <source>This photo is damaged or incomplete — copy it again from its source.</source>
        <translation>Esta foto está dañada o incompleta: cópiala de nuevo desde su origen.</translation>
    </message>
    <message>
        <source>LuxCanvas does not open this kind of file — save it as JPEG or PNG.</source>
        <translation>LuxCanvas no abre este tipo de archivo: guárdalo como JPEG o PNG.</translation>
    </message>
    <message>
        <source>This photo has too many pixels to open safely — scan it at a lower resolution.</source>
        <translation>Esta foto tiene demasiados píxeles para abrirla con seguridad: escanéala a menor resolución.</translation>
    </message>
    <message>
        <source>This photo cannot be made small enough for this model — try another strategy.</source>
        <translation>Esta foto no se puede reducir lo bastante para este modelo: prueba otra estrategia.</translation>
    </message>
    <message>
        <source>LuxCanvas cannot write there — choose another folder.</source>
        <translation>LuxCanvas no puede escribir ahí: elige otra carpeta.</translation>
    </message>
    <message>
        <source>The gateway may still bill this call.</source>
        <translation>Es posible que la pasarela cobre igualmente esta llamada.</translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message>
        <source>Exporting…</source>
        <extracomment>The file written last (tests and the status bar read it). The files written by the export under way (the notice counts them).</extracomment>
        <translation>Exportando…</translation>
    </message>
    <message>
        <source>Export starred versions to</source>
        <translation>Exportar las versiones destacadas a</translation>
    </message>
    <message>
        <source>Exported “%1” to %2</source>
        <translation>Exportada «%1» en %2</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n version(s) to %1</source>
        <translation>
            <numerusform>Exportada %n versión en %1</numerusform>
            <numerusform>Exportadas %n versiones en %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <source>quick preview</source>
        <extracomment>How an exported file&apos;s name words each strategy, after &quot;restored&quot; (the offline repair adds nothing: &apos;grandma (restored).jpg&apos;; Faithful restoration at 2K: &apos;grandma (restored, faithful 2K).jpg&apos;). A strategy not listed is named by its translated label.</extracomment>
        <translation>vista previa rápida</translation>
    </message>
    <message>
        <source>faithful</source>
        <translation>fiel</translation>
    </message>
    <message>
        <source>faithful, fast</source>
        <translation>fiel, rápida</translation>
    </message>
    <message>
        <source>re-shoot</source>
        <translation>nueva toma</translation>
    </message>
    <message>
        <source>re-shoot 4.5</source>
        <translation>nueva toma 4.5</translation>
    </message>
    <message>
        <source>direct edit</source>
        <translation>edición directa</translation>
    </message>
    <message>
        <source>Magic Eye</source>
        <translation>Magic Eye</translation>
    </message>
    <message>
        <source>restored</source>
        <translation>restaurada</translation>
    </message>
    <message>
        <source>Export “%1” of %2 (%3×%4).</source>
        <translation>Exportar «%1» de %2 (%3×%4).</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Formato</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>Calidad</translation>
    </message>
    <message>
        <source>Metadata</source>
        <translation>Metadatos</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>Guardar como</translation>
    </message>
    <message>
        <source>Keep the original&apos;s date, camera and colour profile</source>
        <translation>Conservar la fecha, la cámara y el perfil de color del original</translation>
    </message>
    <message>
        <source>Also keep where it was taken (GPS)</source>
        <translation>Conservar también dónde se tomó (GPS)</translation>
    </message>
    <message>
        <source>Off by default: a phone photo of a print records where the phone was — usually your home.</source>
        <translation>Desactivado por defecto: una foto con el móvil de una copia impresa registra dónde estaba el móvil, normalmente tu casa.</translation>
    </message>
    <message>
        <source>LuxCanvas also records which strategy and model made this version.</source>
        <translation>LuxCanvas también anota qué estrategia y qué modelo hicieron esta versión.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Export as</source>
        <translation>Exportar como</translation>
    </message>
</context>
<context>
    <name>Fidelity</name>
    <message>
        <source>Faithful</source>
        <translation>Fiel</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Revisar</translation>
    </message>
    <message>
        <source>Reinterpreted</source>
        <translation>Reinterpretado</translation>
    </message>
    <message>
        <source>Faithful: only what a restoration should change (damage, tone, sharpness).</source>
        <translation>Fiel: solo cambia lo que debe cambiar una restauración (daños, tono, nitidez).</translation>
    </message>
    <message>
        <source>Check: the result may have invented or lost detail in places.</source>
        <translation>Revisar: el resultado puede haber inventado o perdido detalle en algunas zonas.</translation>
    </message>
    <message>
        <source>Reinterpreted: a new picture painted after yours, not a repair of it.</source>
        <translation>Reinterpretado: una imagen nueva pintada a partir de la suya, no una reparación.</translation>
    </message>
    <message>
        <source>Fidelity score %1 of 1.</source>
        <translation>Puntuación de fidelidad: %1 de 1.</translation>
    </message>
</context>
<context>
    <name>FidelityPlurals</name>
    <message numerus="yes">
        <source>%n region</source>
        <translation>
            <numerusform>%n zona</numerusform>
            <numerusform>%n zonas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n regions</source>
        <translation>
            <numerusform>%n zona</numerusform>
            <numerusform>%n zonas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FidelityStrip</name>
    <message>
        <source>Show changes</source>
        <translation>Ver cambios</translation>
    </message>
    <message>
        <source>Show where the result changed your photo (5)</source>
        <translation>Ver dónde cambió el resultado su foto (5)</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Revertir</translation>
    </message>
    <message>
        <source>Put your original back in the flagged regions, as a new version (free)</source>
        <translation>Devolver su original en las zonas señaladas, como una versión nueva (gratis)</translation>
    </message>
    <message>
        <source>Keep original here…</source>
        <translation>Conservar el original aquí…</translation>
    </message>
    <message>
        <source>Paint where your original should come back (B)</source>
        <translation>Pinte donde deba volver su original (B)</translation>
    </message>
    <message>
        <source>Hide this warning for this version</source>
        <translation>Ocultar este aviso para esta versión</translation>
    </message>
    <message>
        <source>Hide warning</source>
        <translation>Ocultar aviso</translation>
    </message>
    <message>
        <source>Reinterpreted: this result is a new picture painted after yours, not a repair of it. Faces and details may differ.</source>
        <translation>Reinterpretado: este resultado es una imagen nueva pintada a partir de la suya, no una reparación. Las caras y los detalles pueden ser distintos.</translation>
    </message>
    <message numerus="yes">
        <source>Check: %n region changed — the result may have invented or lost detail there.</source>
        <translation>
            <numerusform>Revisar: %n zona cambiada — el resultado puede haber inventado o perdido detalle ahí.</numerusform>
            <numerusform>Revisar: %n zonas cambiadas — el resultado puede haber inventado o perdido detalle ahí.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Check: %n regions changed — the result may have invented or lost detail there.</source>
        <translation>
            <numerusform>Revisar: %n zona cambiada — el resultado puede haber inventado o perdido detalle ahí.</numerusform>
            <numerusform>Revisar: %n zonas cambiadas — el resultado puede haber inventado o perdido detalle ahí.</numerusform>
        </translation>
    </message>
    <message>
        <source>Check: this result differs from your photo more than a repair.</source>
        <translation>Revisar: este resultado se aparta de su foto más que una reparación.</translation>
    </message>
    <message>
        <source>Revert region %1</source>
        <translation>Revertir la zona %1</translation>
    </message>
    <message>
        <source>Put your original back in this region, as a new version (free)</source>
        <translation>Devolver su original en esta zona, como una versión nueva (gratis)</translation>
    </message>
    <message>
        <source>Fidelity warning</source>
        <translation>Aviso de fidelidad</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Getting started</source>
        <extracomment>Where a LaoZhang key is made (the gateway&apos;s own site; opened in the user&apos;s browser). The person wants to enter a key now (the window opens Settings).</extracomment>
        <translation>Primeros pasos</translation>
    </message>
    <message>
        <source>Welcome to LuxCanvas</source>
        <translation>Bienvenido a LuxCanvas</translation>
    </message>
    <message>
        <source>&lt;b&gt;1 · Photos&lt;/b&gt; — drop old photos or a folder on the window, or press Open… to choose them. Your originals are never changed.</source>
        <translation>&lt;b&gt;1 · Fotos&lt;/b&gt; — suelte fotos antiguas o una carpeta en la ventana, o pulse Abrir… para elegirlas. Sus originales nunca se modifican.</translation>
    </message>
    <message>
        <source>&lt;b&gt;2 · Strategy&lt;/b&gt; — pick how to restore them. The free offline repair works at once, with no key and no internet; the cloud strategies show their price on the card.</source>
        <translation>&lt;b&gt;2 · Estrategia&lt;/b&gt; — elija cómo restaurarlas. La reparación sin conexión es gratuita y funciona al momento, sin clave ni internet; las estrategias en la nube muestran su precio en la tarjeta.</translation>
    </message>
    <message>
        <source>&lt;b&gt;3 · Run&lt;/b&gt; — press the big button under the strategies. Every result is kept in the history, beside the original, ready to compare and export.</source>
        <translation>&lt;b&gt;3 · Ejecutar&lt;/b&gt; — pulse el botón grande bajo las estrategias. Cada resultado se guarda en el historial, junto al original, listo para comparar y exportar.</translation>
    </message>
    <message>
        <source>The cloud strategies need a LaoZhang API key: create one at &lt;a href=&quot;%1&quot;&gt;laozhang.ai&lt;/a&gt;, then paste it in Settings. It is kept in your system&apos;s keychain, never in a file.</source>
        <translation>Las estrategias en la nube necesitan una clave de API de LaoZhang: cree una en &lt;a href=&quot;%1&quot;&gt;laozhang.ai&lt;/a&gt; y péguela en Ajustes. Se guarda en el llavero del sistema, nunca en un archivo.</translation>
    </message>
    <message>
        <source>Enter a key in Settings…</source>
        <translation>Introducir una clave en Ajustes…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Empezar</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>The model changed the framing; it was mapped back.</source>
        <extracomment>How much of a version&apos;s extra instructions its row and name show.</extracomment>
        <translation>El modelo cambió el encuadre; se ha devuelto al original.</translation>
    </message>
    <message>
        <source>History</source>
        <extracomment>Export this version (the export dialog). Give this version a name (&quot;&quot; puts the strategy&apos;s name back).</extracomment>
        <translation>Historial</translation>
    </message>
    <message>
        <source>Every version of this photo appears here, and stays after a restart.</source>
        <translation>Cada versión de esta foto aparece aquí y se conserva al reiniciar.</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Comparar</translation>
    </message>
    <message>
        <source>Select two versions (Ctrl+click) to compare</source>
        <translation>Selecciona dos versiones (Ctrl+clic) para compararlas</translation>
    </message>
    <message>
        <source>Star</source>
        <translation>Destacar</translation>
    </message>
    <message>
        <source>Re-run</source>
        <translation>Repetir</translation>
    </message>
    <message>
        <source>Run again with the same settings</source>
        <translation>Ejecutar de nuevo con los mismos ajustes</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Export starred…</source>
        <translation>Exportar destacadas…</translation>
    </message>
    <message>
        <source>free</source>
        <translation>gratis</translation>
    </message>
    <message>
        <source>cached</source>
        <translation>de la caché</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>En curso…</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Falló</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Interrumpido</translation>
    </message>
    <message>
        <source>%1 charged</source>
        <translation>%1 cobrado</translation>
    </message>
    <message>
        <source>up to %1 pending</source>
        <translation>hasta %1 pendiente</translation>
    </message>
    <message>
        <source>Extra instructions: %1</source>
        <translation>Instrucciones adicionales: %1</translation>
    </message>
    <message>
        <source>F2 renames this version; right-click for more.</source>
        <translation>F2 cambia el nombre de esta versión; clic derecho para más.</translation>
    </message>
    <message>
        <source>Unstar</source>
        <translation>Quitar estrella</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Compare the two</source>
        <translation>Comparar las dos</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Cambiar nombre…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <source>Rename version</source>
        <translation>Cambiar el nombre de la versión</translation>
    </message>
    <message>
        <source>Name (empty: named after its strategy and options):</source>
        <translation>Nombre (vacío: se nombra por su estrategia y opciones):</translation>
    </message>
</context>
<context>
    <name>JobRow</name>
    <message>
        <source>Cancel this job</source>
        <translation>Cancelar este trabajo</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <source>%1 of ~%2</source>
        <translation>%1 de ~%2</translation>
    </message>
</context>
<context>
    <name>JobsController</name>
    <message>
        <source>Preview</source>
        <translation>Previsualizar</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restaurar</translation>
    </message>
    <message>
        <source>free</source>
        <translation>gratis</translation>
    </message>
    <message>
        <source>cached (free)</source>
        <translation>en caché (gratis)</translation>
    </message>
    <message>
        <source>New result · %1</source>
        <translation>Nuevo resultado · %1</translation>
    </message>
    <message>
        <source>Run %1 on this photo (%2)</source>
        <extracomment>Jobs started, ended or are being cancelled: buttons follow. How each failed job ended (a retry that may pay again asks first). Each photo&apos;s state in the list before its jobs ran (a cancel puts it back).</extracomment>
        <translation>Aplicar «%1» a esta foto (%2)</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>En curso…</translation>
    </message>
    <message>
        <source>This photo already has this version: Run shows it, at no charge.</source>
        <translation>Esta foto ya tiene esta versión: Ejecutar la muestra, sin coste.</translation>
    </message>
    <message>
        <source>This month: %1 charged of %2</source>
        <translation>Este mes: %1 cobrado de %2</translation>
    </message>
    <message>
        <source>This month: %1 charged</source>
        <translation>Este mes: %1 cobrado</translation>
    </message>
    <message>
        <source>up to %1 pending</source>
        <translation>hasta %1 pendiente</translation>
    </message>
    <message>
        <source>Charged: what the gateway billed for results and refusals. Pending: calls that ended without an answer (a timeout, a lost connection, a crash) and may have been billed; your LaoZhang call log has the final word. Click for this month&apos;s calls.</source>
        <translation>Cobrado: lo que la pasarela facturó por resultados y rechazos. Pendiente: llamadas que terminaron sin respuesta (un tiempo agotado, una conexión perdida, un cierre inesperado) y que pueden haberse facturado; el registro de llamadas de LaoZhang tiene la última palabra. Haga clic para ver las llamadas de este mes.</translation>
    </message>
    <message>
        <source>This version was made before: shown from the history (no charge).</source>
        <translation>Esta versión ya se hizo: se muestra desde el historial (sin coste).</translation>
    </message>
    <message>
        <source>Ask the model again for a fresh result, not the cached one (%1).</source>
        <translation>Pedir al modelo un resultado nuevo, no el de la caché (%1).</translation>
    </message>
    <message>
        <source>New result?</source>
        <translation>¿Nuevo resultado?</translation>
    </message>
    <message>
        <source>This photo already has a %1 version. Ask the model for a new one? It is sent again and billed (%2).</source>
        <translation>Esta foto ya tiene una versión %1. ¿Pedir al modelo una nueva? Se envía de nuevo y se factura (%2).</translation>
    </message>
    <message>
        <source>%1 is already running on this photo; it is not sent twice.</source>
        <translation>%1 ya está en curso con esta foto; no se envía dos veces.</translation>
    </message>
    <message>
        <source>%1: done in %2, from the cache (no charge).</source>
        <translation>%1: listo en %2, desde la caché (sin coste).</translation>
    </message>
    <message>
        <source>%1: done in %2 · %3.</source>
        <translation>%1: listo en %2 · %3.</translation>
    </message>
    <message>
        <source>%1: cancelled.</source>
        <translation>%1: cancelado.</translation>
    </message>
    <message>
        <source>The model refused this request and the gateway billed it. Sent again unchanged, it will most likely be refused and billed again (%1). Send it anyway?</source>
        <translation>El modelo rechazó esta petición y la pasarela la cobró. Si se envía otra vez sin cambios, lo más probable es que se rechace y se cobre de nuevo (%1). ¿Enviarla de todos modos?</translation>
    </message>
    <message>
        <source>The last attempt may already have been billed. Sending it again may be billed a second time (%1). Send it anyway?</source>
        <translation>Es posible que el último intento ya se haya cobrado. Si se envía otra vez, puede cobrarse una segunda vez (%1). ¿Enviarla de todos modos?</translation>
    </message>
    <message>
        <source>Pay again?</source>
        <translation>¿Pagar de nuevo?</translation>
    </message>
</context>
<context>
    <name>LedgerDialog</name>
    <message>
        <source>This month&apos;s calls</source>
        <translation>Llamadas de este mes</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Estrategia</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>Facturación</translation>
    </message>
    <message>
        <source>Pending: the call ended without an answer (a timeout, a lost connection, a crash) and may have been billed. Your LaoZhang call log has the final word.</source>
        <translation>Pendiente: la llamada terminó sin respuesta (un tiempo agotado, una conexión perdida, un cierre inesperado) y puede haberse facturado. El registro de llamadas de LaoZhang tiene la última palabra.</translation>
    </message>
    <message>
        <source>charged</source>
        <translation>cobrado</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>pendiente</translation>
    </message>
    <message numerus="yes">
        <source>%n call(s) this month: %1 charged, up to %2 pending.</source>
        <translation>
            <numerusform>%n llamada este mes: %1 cobrado, hasta %2 pendiente.</numerusform>
            <numerusform>%n llamadas este mes: %1 cobrado, hasta %2 pendiente.</numerusform>
        </translation>
    </message>
    <message>
        <source>No paid calls this month.</source>
        <translation>Ninguna llamada de pago este mes.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>LuxCanvas — photo restoration</source>
        <extracomment>Jobs the library found left running by a process that is gone (a crash). The choice in one line beside Run (&quot;Faithful restoration · 2K · $0.05 per edit&quot;).</extracomment>
        <translation>LuxCanvas — restauración de fotos</translation>
    </message>
    <message>
        <source>1 · Photos</source>
        <translation>1 · Fotos</translation>
    </message>
    <message>
        <source>2 · Strategy</source>
        <translation>2 · Estrategia</translation>
    </message>
    <message>
        <source>3 · Run</source>
        <translation>3 · Ejecutar</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Cancel the running jobs of this photo</source>
        <translation>Cancelar los trabajos en curso de esta foto</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Abrir…</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>Pegar</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>Ajustar a la ventana</translation>
    </message>
    <message>
        <source>Actual pixels</source>
        <translation>Píxeles reales</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Acercar</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Alejar</translation>
    </message>
    <message>
        <source>Swap before and after</source>
        <translation>Intercambiar antes y después</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <extracomment>The menus, in order: (key, title).</extracomment>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edición</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Photo</source>
        <translation>&amp;Foto</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Delete version</source>
        <translation>Eliminar versión</translation>
    </message>
    <message>
        <source>Before | After</source>
        <translation>Antes | Después</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>Lado a lado</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Cambios</translation>
    </message>
    <message>
        <source>Next change</source>
        <translation>Siguiente cambio</translation>
    </message>
    <message>
        <source>New result, not cached…</source>
        <translation>Nuevo resultado, sin caché…</translation>
    </message>
    <message>
        <source>This month&apos;s calls…</source>
        <translation>Llamadas de este mes…</translation>
    </message>
    <message>
        <source>Cancel running jobs</source>
        <translation>Cancelar los trabajos en curso</translation>
    </message>
    <message>
        <source>Keep original here</source>
        <translation>Conservar el original aquí</translation>
    </message>
    <message>
        <source>Revert flagged regions</source>
        <translation>Revertir las zonas señaladas</translation>
    </message>
    <message>
        <source>Split scan into photos…</source>
        <translation>Dividir el escaneo en fotos…</translation>
    </message>
    <message>
        <source>Next photo</source>
        <translation>Foto siguiente</translation>
    </message>
    <message>
        <source>Photos and strategies panel</source>
        <translation>Panel de fotos y estrategias</translation>
    </message>
    <message>
        <source>History panel</source>
        <translation>Panel del historial</translation>
    </message>
    <message>
        <source>Getting started</source>
        <translation>Primeros pasos</translation>
    </message>
    <message>
        <source>Open photos (%1). You can also drop photos or a folder on the window.</source>
        <translation>Abrir fotos (%1). También puedes soltar fotos o una carpeta en la ventana.</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <source>Quit while paid jobs run?</source>
        <translation>¿Salir con trabajos de pago en curso?</translation>
    </message>
    <message numerus="yes">
        <source>%n paid job(s) still running. Quitting cancels them, and the gateway may still bill them (up to %1). Quit anyway?</source>
        <translation>
            <numerusform>Sigue en curso %n trabajo de pago. Al salir se cancela, y la pasarela aún puede cobrarlo (hasta %1). ¿Salir de todos modos?</numerusform>
            <numerusform>Siguen en curso %n trabajos de pago. Al salir se cancelan, y la pasarela aún puede cobrarlos (hasta %1). ¿Salir de todos modos?</numerusform>
        </translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ejecutar</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <source>LuxCanvas</source>
        <translation>LuxCanvas</translation>
    </message>
</context>
<context>
    <name>PhotosController</name>
    <message>
        <source>Open photos</source>
        <extracomment>A photo&apos;s state in the list: what its jobs are doing, or how the last one ended. Another photo is now the current one (its path). The current photo&apos;s pixels and digest arrived (its history can be read now). Something about the current photo changed that buttons depend on (e.g. it failed). Each photo&apos;s state in the list and, when it failed, why: (state, reason).</extracomment>
        <translation>Abrir fotos</translation>
    </message>
    <message>
        <source>Photos (%1);;All files (*)</source>
        <translation>Fotos (%1);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>The clipboard holds no photo.</source>
        <translation>El portapapeles no contiene ninguna foto.</translation>
    </message>
    <message>
        <source>Drop photos or a folder here
or press %1 to open them.

The free offline repair works without an API key.</source>
        <translation>Suelta aquí fotos o una carpeta
o pulsa %1 para abrirlas.

La reparación sin conexión es gratuita y no necesita clave de API.</translation>
    </message>
    <message>
        <source>%1 cannot be opened.</source>
        <translation>No se puede abrir %1.</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>Abriendo %1…</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>En cola</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>En curso…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hecha</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallida</translation>
    </message>
    <message>
        <source>Remove from the list</source>
        <translation>Quitar de la lista</translation>
    </message>
    <message>
        <source>The file itself stays where it is.</source>
        <translation>El archivo se queda donde está.</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>Mostrar en la carpeta</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>LaoZhang gateway</source>
        <translation>Pasarela LaoZhang</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Clave de API</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>URL base</translation>
    </message>
    <message>
        <source>Save key</source>
        <translation>Guardar clave</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Probar conexión</translation>
    </message>
    <message>
        <source>Asks the gateway which models it offers (free).</source>
        <translation>Pregunta a la pasarela qué modelos ofrece (gratis).</translation>
    </message>
    <message>
        <source>Money and storage</source>
        <translation>Gasto y almacenamiento</translation>
    </message>
    <message>
        <source>Monthly budget</source>
        <translation>Presupuesto mensual</translation>
    </message>
    <message>
        <source>No cap</source>
        <translation>Sin límite</translation>
    </message>
    <message>
        <source>Result cache</source>
        <translation>Caché de resultados</translation>
    </message>
    <message>
        <source>Clear cache</source>
        <translation>Vaciar caché</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Apariencia</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Como el sistema</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Oscuro</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Aceptar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>This month: %1 charged</source>
        <translation>Este mes: %1 cobrado</translation>
    </message>
    <message>
        <source>up to %1 pending</source>
        <translation>hasta %1 pendiente</translation>
    </message>
    <message>
        <source>A key is set by the LAOZHANG_API_KEY environment variable.</source>
        <translation>La clave la fija la variable de entorno LAOZHANG_API_KEY.</translation>
    </message>
    <message>
        <source>A key is stored in the system keyring (%1).</source>
        <translation>Hay una clave guardada en el llavero del sistema (%1).</translation>
    </message>
    <message>
        <source>⚠ No secure keyring on this system: the key is kept for this session only and forgotten when LuxCanvas closes.</source>
        <translation>⚠ Este sistema no tiene un llavero seguro: la clave se guarda solo durante esta sesión y se olvida al cerrar LuxCanvas.</translation>
    </message>
    <message>
        <source>No key yet. A key you save is stored in the system keyring (%1).</source>
        <translation>Aún no hay clave. La clave que guardes irá al llavero del sistema (%1).</translation>
    </message>
    <message>
        <source>⚠ No key yet, and no secure keyring on this system: a key you save is kept for this session only.</source>
        <translation>⚠ Aún no hay clave y este sistema no tiene un llavero seguro: la clave que guardes se conservará solo durante esta sesión.</translation>
    </message>
    <message>
        <source>sk-… (from laozhang.ai)</source>
        <translation>sk-… (de laozhang.ai)</translation>
    </message>
    <message>
        <source>Asking the gateway…</source>
        <translation>Consultando a la pasarela…</translation>
    </message>
    <message>
        <source>✓ Connected.</source>
        <translation>✓ Conectado.</translation>
    </message>
    <message>
        <source>Available: %1.</source>
        <translation>Disponibles: %1.</translation>
    </message>
    <message>
        <source>Not offered right now: %1.</source>
        <translation>No disponibles ahora: %1.</translation>
    </message>
    <message>
        <source>Measuring…</source>
        <translation>Midiendo…</translation>
    </message>
    <message>
        <source>%1 of results already paid for</source>
        <translation>%1 de resultados ya pagados</translation>
    </message>
</context>
<context>
    <name>SplitOfferBar</name>
    <message>
        <source>Not now</source>
        <translation>Ahora no</translation>
    </message>
    <message>
        <source>Keep the scan as one photo (Esc)</source>
        <translation>Mantener el escaneo como una sola foto (Esc)</translation>
    </message>
    <message>
        <source>Crop</source>
        <translation>Recortar</translation>
    </message>
    <message>
        <source>Write the print upright as a new photo beside the scan</source>
        <translation>Guardar la copia enderezada como una foto nueva junto al escaneo</translation>
    </message>
    <message>
        <source>Crop to the print? It lies on a larger scanner bed. Drag a corner to correct the outline.</source>
        <translation>¿Recortar a la copia? Está sobre un cristal de escáner más grande. Arrastre una esquina para corregir el contorno.</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Dividir</translation>
    </message>
    <message>
        <source>Write each print upright as a new photo beside the scan</source>
        <translation>Guardar cada copia enderezada como una foto nueva junto al escaneo</translation>
    </message>
    <message numerus="yes">
        <source>Split into %n photos? Drag a corner to correct an outline.</source>
        <translation>
            <numerusform>¿Dividir en %n foto? Arrastre una esquina para corregir un contorno.</numerusform>
            <numerusform>¿Dividir en %n fotos? Arrastre una esquina para corregir un contorno.</numerusform>
        </translation>
    </message>
    <message>
        <source>This scan is too large to restore as one photo (%1 MP).</source>
        <translation>Este escaneo es demasiado grande para restaurarlo como una sola foto (%1 MP).</translation>
    </message>
    <message>
        <source>Split offer</source>
        <translation>Propuesta de división</translation>
    </message>
</context>
<context>
    <name>SplitOfferController</name>
    <message>
        <source>Open a scan first, then split it into photos.</source>
        <translation>Abra primero un escaneo y luego divídalo en fotos.</translation>
    </message>
    <message>
        <source>%1 cannot be read as a scan.</source>
        <translation>%1 no se puede leer como escaneo.</translation>
    </message>
    <message>
        <source>%1 is still opening…</source>
        <translation>%1 todavía se está abriendo…</translation>
    </message>
    <message>
        <source>Looking for prints on %1…</source>
        <translation>Buscando copias en %1…</translation>
    </message>
    <message>
        <source>Splitting %1…</source>
        <translation>Dividiendo %1…</translation>
    </message>
    <message>
        <source>%1 is too large to open as a photo; looking for prints on it…</source>
        <translation>%1 es demasiado grande para abrirlo como foto; buscando copias en él…</translation>
    </message>
    <message>
        <source>Reading the scan %1 (%2 MP)…</source>
        <translation>Leyendo el escaneo %1 (%2 MP)…</translation>
    </message>
    <message>
        <source>Finding the prints on %1 (%2 MP)…</source>
        <translation>Buscando las copias en %1 (%2 MP)…</translation>
    </message>
    <message>
        <source>%1 is a print LuxCanvas cut from a scan already.</source>
        <translation>%1 ya es una copia que LuxCanvas recortó de un escaneo.</translation>
    </message>
    <message>
        <source>No prints were found on %1.</source>
        <translation>No se encontraron copias en %1.</translation>
    </message>
    <message>
        <source>%1 looks like one photo, not a scan with prints on it.</source>
        <translation>%1 parece una sola foto, no un escaneo con copias.</translation>
    </message>
    <message>
        <source>Reading the scan (%1 MP)…</source>
        <translation>Leyendo el escaneo (%1 MP)…</translation>
    </message>
    <message>
        <source>Finding the prints…</source>
        <translation>Buscando las copias…</translation>
    </message>
    <message>
        <source>Cutting print %1 of %2…</source>
        <translation>Recortando la copia %1 de %2…</translation>
    </message>
    <message>
        <source>%1 was cropped to its print.</source>
        <translation>%1 se recortó a su copia.</translation>
    </message>
    <message numerus="yes">
        <source>%1 was split into %n photos.</source>
        <translation>
            <numerusform>%1 se dividió en %n foto.</numerusform>
            <numerusform>%1 se dividió en %n fotos.</numerusform>
        </translation>
    </message>
    <message>
        <source>The split of %1 was cancelled.</source>
        <translation>Se canceló la división de %1.</translation>
    </message>
    <message>
        <source>The prints cannot be written in %1 — the folder is read-only or full. Copy the scan to a folder you can write to, then split it there.</source>
        <translation>Las copias no se pueden guardar en %1: la carpeta es de solo lectura o está llena. Copie el escaneo a una carpeta donde pueda escribir y divídalo allí.</translation>
    </message>
</context>
<context>
    <name>Stages</name>
    <message>
        <source>Queued</source>
        <translation>En cola</translation>
    </message>
    <message>
        <source>Preparing the photo</source>
        <translation>Preparando la foto</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>Subiendo</translation>
    </message>
    <message>
        <source>Waiting for the model</source>
        <translation>Esperando al modelo</translation>
    </message>
    <message>
        <source>Downloading the result</source>
        <translation>Descargando el resultado</translation>
    </message>
    <message>
        <source>Processing</source>
        <translation>Procesando</translation>
    </message>
    <message>
        <source>Saving the result</source>
        <translation>Guardando el resultado</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Falló</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>Examining the damage</source>
        <translation>Examinando los daños</translation>
    </message>
    <message>
        <source>Repairing scratches and dust</source>
        <translation>Reparando arañazos y polvo</translation>
    </message>
    <message>
        <source>Reducing grain</source>
        <translation>Reduciendo el grano</translation>
    </message>
    <message>
        <source>Lifting the fading</source>
        <translation>Recuperando el desvaído</translation>
    </message>
    <message>
        <source>Correcting colour casts</source>
        <translation>Corrigiendo dominantes de color</translation>
    </message>
    <message>
        <source>Sharpening</source>
        <translation>Enfocando</translation>
    </message>
    <message>
        <source>Enlarging</source>
        <translation>Ampliando</translation>
    </message>
    <message>
        <source>Sending; the result will be %1×%2</source>
        <translation>Enviando; el resultado será de %1×%2</translation>
    </message>
    <message>
        <source>Fitting the result to the original framing</source>
        <translation>Ajustando el resultado al encuadre original</translation>
    </message>
    <message>
        <source>Checking how faithful the result is</source>
        <translation>Comprobando cuán fiel es el resultado</translation>
    </message>
    <message>
        <source>Found in the cache: no charge</source>
        <translation>Encontrado en la caché: sin coste</translation>
    </message>
</context>
<context>
    <name>Strategies</name>
    <message>
        <source>Free offline repair</source>
        <extracomment>Each strategy&apos;s label and purpose, by id, as the translations know them (the catalog&apos;s English words stand in for an id it does not list).</extracomment>
        <translation>Reparación sin conexión gratuita</translation>
    </message>
    <message>
        <source>Quick preview</source>
        <translation>Vista previa rápida</translation>
    </message>
    <message>
        <source>Faithful restoration</source>
        <translation>Restauración fiel</translation>
    </message>
    <message>
        <source>4K re-shoot (Seedream 4.0)</source>
        <translation>Nueva toma en 4K (Seedream 4.0)</translation>
    </message>
    <message>
        <source>4K re-shoot (Seedream 4.5)</source>
        <translation>Nueva toma en 4K (Seedream 4.5)</translation>
    </message>
    <message>
        <source>Direct edit (GPT-4o image)</source>
        <translation>Edición directa (GPT-4o image)</translation>
    </message>
    <message>
        <source>Magic Eye reconstruction</source>
        <translation>Reconstrucción Magic Eye</translation>
    </message>
    <message>
        <source>Removes scratches and dust, lifts fading and colour casts on your own computer. No key, no cost.</source>
        <translation>Quita arañazos y polvo, y corrige el desvaído y las dominantes de color en tu propio ordenador. Sin clave y sin coste.</translation>
    </message>
    <message>
        <source>A fast, cheap first look with Nano Banana. Good for trying ideas before a faithful restoration.</source>
        <translation>Un primer vistazo rápido y barato con Nano Banana. Útil para probar ideas antes de una restauración fiel.</translation>
    </message>
    <message>
        <source>Nano Banana Pro repairs damage and keeps every face and detail, at 1K, 2K or 4K. The best choice for family photos.</source>
        <translation>Nano Banana Pro repara los daños y conserva cada rostro y detalle, a 1K, 2K o 4K. La mejor opción para fotos de familia.</translation>
    </message>
    <message>
        <source>Faster faithful restoration (Nano Banana 2.1)</source>
        <translation>Restauración fiel más rápida (Nano Banana 2.1)</translation>
    </message>
    <message>
        <source>Nano Banana 2.1 repairs damage faithfully in about a third of Pro&apos;s time, for half the price, at 1K, 2K or 4K. Pro keeps fine detail a little better.</source>
        <translation>Nano Banana 2.1 repara los daños con fidelidad en un tercio del tiempo de Pro, a mitad de precio, a 1K, 2K o 4K. Pro conserva algo mejor el detalle fino.</translation>
    </message>
    <message>
        <source>Seedream re-photographs the scene as if with a modern camera, up to 4K. Sharper, but may reinterpret fine detail.</source>
        <translation>Seedream vuelve a fotografiar la escena como con una cámara moderna, hasta 4K. Más nítida, pero puede reinterpretar los detalles finos.</translation>
    </message>
    <message>
        <source>The newer Seedream model: the same re-shoot with higher quality.</source>
        <translation>El modelo Seedream más reciente: la misma nueva toma con más calidad.</translation>
    </message>
    <message>
        <source>GPT-4o image repairs and refreshes the photo in one pass. Output is at most 1536 px.</source>
        <translation>GPT-4o image repara y renueva la foto de una sola pasada. El resultado mide como máximo 1536 px.</translation>
    </message>
    <message>
        <source>Describes your photo in words with a vision model, then paints it anew with sora_image. For photos too damaged to repair.</source>
        <translation>Describe tu foto con palabras mediante un modelo de visión y luego la pinta de nuevo con sora_image. Para fotos demasiado dañadas para repararlas.</translation>
    </message>
    <message>
        <source>photo</source>
        <extracomment>The units prices are quoted in.</extracomment>
        <translation>foto</translation>
    </message>
    <message>
        <source>edit</source>
        <translation>edición</translation>
    </message>
    <message>
        <source>image</source>
        <translation>imagen</translation>
    </message>
    <message>
        <source>image + description</source>
        <translation>imagen + descripción</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Gratis</translation>
    </message>
    <message>
        <source>%1 per %2 · as of %3</source>
        <translation>%1 por %2 · precio a %3</translation>
    </message>
</context>
<context>
    <name>StrategyCard</name>
    <message>
        <source>On this computer · about %1 for this photo</source>
        <extracomment>Keys that move the choice between cards, as the step they take (&quot;first&quot;, &quot;last&quot;: Home, End). The keyboard asks to move the choice: &quot;previous&quot;, &quot;next&quot;, &quot;first&quot; or &quot;last&quot;. The current photo&apos;s size, for the time estimate (None: no photo). The strategies of this one&apos;s family (itself included), offered as versions.</extracomment>
        <translation>En este ordenador · aprox. %1 para esta foto</translation>
    </message>
    <message>
        <source>On this computer · typically ~%1</source>
        <translation>En este ordenador · normalmente ~%1</translation>
    </message>
    <message>
        <source>Model: %1 · typically ~%2</source>
        <translation>Modelo: %1 · normalmente ~%2</translation>
    </message>
    <message>
        <source>Needs a LaoZhang API key (Settings).</source>
        <translation>Necesita una clave de API de LaoZhang (Ajustes).</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>Seedream version</source>
        <translation>Versión de Seedream</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>Intensidad</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Pasos</translation>
    </message>
    <message>
        <source>Extra instructions</source>
        <translation>Instrucciones</translation>
    </message>
    <message>
        <source>Reference photos</source>
        <translation>Fotos de referencia</translation>
    </message>
    <message>
        <source>Gentle</source>
        <translation>Suave</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Strong</source>
        <translation>Fuerte</translation>
    </message>
    <message>
        <source>Repair scratches and dust</source>
        <translation>Reparar arañazos y polvo</translation>
    </message>
    <message>
        <source>Reduce grain</source>
        <translation>Reducir el grano</translation>
    </message>
    <message>
        <source>Lift fading</source>
        <translation>Recuperar el desvaído</translation>
    </message>
    <message>
        <source>Correct colour casts</source>
        <translation>Corregir dominantes de color</translation>
    </message>
    <message>
        <source>Sharpen</source>
        <translation>Enfocar</translation>
    </message>
    <message>
        <source>Enlarge ×2</source>
        <translation>Ampliar ×2</translation>
    </message>
    <message>
        <source>Optional, e.g. “keep the sepia tone”</source>
        <translation>Opcional, p. ej. «mantén el tono sepia»</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Añadir…</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Ninguna</translation>
    </message>
    <message>
        <source>Images (%1)</source>
        <translation>Imágenes (%1)</translation>
    </message>
</context>
<context>
    <name>StrategyPicker</name>
    <message>
        <source>Strategies</source>
        <extracomment>The cards as one exclusive radio group (what a screen reader announces).</extracomment>
        <translation>Estrategias</translation>
    </message>
    <message>
        <source>free</source>
        <translation>gratis</translation>
    </message>
    <message>
        <source>%1 per %2</source>
        <translation>%1 por %2</translation>
    </message>
</context>
<context>
    <name>Time</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
</context>
<context>
    <name>VersionsController</name>
    <message>
        <source>Original</source>
        <extracomment>How many decoded versions stay in memory (each holds a display-size image and its levels). What is shown changed (a version, a comparison or none): buttons follow. The history was read again from the library (the month&apos;s spend may have moved). Run this job (a re-run of a version with its strategy and options). The version shown as the result (the newer one when two are compared). Two versions compared side against side: (older, newer).</extracomment>
        <translation>Original</translation>
    </message>
    <message>
        <source>Showing %1</source>
        <translation>Mostrando %1</translation>
    </message>
    <message>
        <source>Before/After</source>
        <translation>Antes/Después</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>Lado a lado</translation>
    </message>
    <message>
        <source>%1: %2 on the left, %3 on the right</source>
        <translation>%1: %2 a la izquierda, %3 a la derecha</translation>
    </message>
    <message>
        <source>Changes: where %1 differs from %2</source>
        <translation>Cambios: en qué difiere %1 de %2</translation>
    </message>
    <message>
        <source>Delete version</source>
        <extracomment>The window&apos;s actions the canvas menu offers, in groups.</extracomment>
        <translation>Eliminar versión</translation>
    </message>
    <message>
        <source>Delete this version (%1)? Its file is removed; the cost stays in the ledger.</source>
        <translation>¿Eliminar esta versión (%1)? Se borra su archivo; el gasto sigue en el registro.</translation>
    </message>
</context>
<context>
    <name>ViewBar</name>
    <message>
        <source>Before | After</source>
        <translation>Antes | Después</translation>
    </message>
    <message>
        <source>Side by side</source>
        <translation>Lado a lado</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Cambios</translation>
    </message>
    <message>
        <source>Where the result changed your photo (5)</source>
        <translation>Dónde cambió el resultado su foto (5)</translation>
    </message>
    <message>
        <source>Flip</source>
        <translation>Invertir</translation>
    </message>
    <message>
        <source>Swap before and after (F)</source>
        <translation>Intercambiar antes y después (F)</translation>
    </message>
    <message>
        <source>Actual pixels, 100 % (Ctrl+1)</source>
        <translation>Píxeles reales, 100 % (Ctrl+1)</translation>
    </message>
    <message>
        <source>Zoom: fit to the window, or actual pixels</source>
        <translation>Zoom: ajustar a la ventana o píxeles reales</translation>
    </message>
    <message>
        <source>Fit to window (Ctrl+0)</source>
        <translation>Ajustar a la ventana (Ctrl+0)</translation>
    </message>
</context>
</TS>
