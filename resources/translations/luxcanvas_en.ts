<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ChangesPlurals</name>
    <message numerus="yes">
        <source>Original back in %n region</source>
        <translation>
            <numerusform>Original back in %n region</numerusform>
            <numerusform>Original back in %n regions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Original back in %n regions</source>
        <translation>
            <numerusform>Original back in %n region</numerusform>
            <numerusform>Original back in %n regions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message numerus="yes">
        <source>%n jobs failed.</source>
        <translation>
            <numerusform>%n job failed.</numerusform>
            <numerusform>%n jobs failed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message numerus="yes">
        <source>Exported %n version(s) to %1</source>
        <translation>
            <numerusform>Exported %n version to %1</numerusform>
            <numerusform>Exported %n versions to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FidelityPlurals</name>
    <message numerus="yes">
        <source>%n region</source>
        <translation>
            <numerusform>%n region</numerusform>
            <numerusform>%n regions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n regions</source>
        <translation>
            <numerusform>%n region</numerusform>
            <numerusform>%n regions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FidelityStrip</name>
    <message numerus="yes">
        <source>Check: %n region changed — the result may have invented or lost detail there.</source>
        <translation>
            <numerusform>Check: %n region changed — the result may have invented or lost detail there.</numerusform>
            <numerusform>Check: %n regions changed — the result may have invented or lost detail there.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Check: %n regions changed — the result may have invented or lost detail there.</source>
        <translation>
            <numerusform>Check: %n region changed — the result may have invented or lost detail there.</numerusform>
            <numerusform>Check: %n regions changed — the result may have invented or lost detail there.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LedgerDialog</name>
    <message numerus="yes">
        <source>%n call(s) this month: %1 charged, up to %2 pending.</source>
        <translation>
            <numerusform>%n call this month: %1 charged, up to %2 pending.</numerusform>
            <numerusform>%n calls this month: %1 charged, up to %2 pending.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n paid job(s) still running. Quitting cancels them, and the gateway may still bill them (up to %1). Quit anyway?</source>
        <translation>
            <numerusform>%n paid job is still running. Quitting cancels it, and the gateway may still bill it (up to %1). Quit anyway?</numerusform>
            <numerusform>%n paid jobs are still running. Quitting cancels them, and the gateway may still bill them (up to %1). Quit anyway?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SplitOfferBar</name>
    <message numerus="yes">
        <source>Split into %n photos? Drag a corner to correct an outline.</source>
        <translation>
            <numerusform>Split into %n photo? Drag a corner to correct the outline.</numerusform>
            <numerusform>Split into %n photos? Drag a corner to correct an outline.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SplitOfferController</name>
    <message numerus="yes">
        <source>%1 was split into %n photos.</source>
        <translation>
            <numerusform>%1 was split into %n photo.</numerusform>
            <numerusform>%1 was split into %n photos.</numerusform>
        </translation>
    </message>
</context>
</TS>
