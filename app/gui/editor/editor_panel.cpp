// SPDX-License-Identifier: MIT
#include "editor/editor_panel.h"

#include <Qsci/qscilexercpp.h>
#include <Qsci/qscilexerjavascript.h>
#include <Qsci/qscilexerjson.h>
#include <Qsci/qscilexerpython.h>
#include <Qsci/qscilexeryaml.h>
#include <Qsci/qsciscintilla.h>

#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QSaveFile>
#include <QTabWidget>
#include <QVBoxLayout>

namespace lambdadesk::gui {
namespace {

constexpr int kBreakpointMargin = 1;
constexpr int kBreakpointMarker = 1;

QsciLexer* lexerFor(const QString& path, QObject* parent)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("py"))
        return new QsciLexerPython(parent);
    if (suffix == QLatin1String("js") || suffix == QLatin1String("mjs") || suffix == QLatin1String("cjs") ||
        suffix == QLatin1String("ts"))
        return new QsciLexerJavaScript(parent);
    if (suffix == QLatin1String("cpp") || suffix == QLatin1String("cc") || suffix == QLatin1String("h") ||
        suffix == QLatin1String("hpp") || suffix == QLatin1String("c") || suffix == QLatin1String("rs"))
        return new QsciLexerCPP(parent);
    if (suffix == QLatin1String("yaml") || suffix == QLatin1String("yml"))
        return new QsciLexerYAML(parent);
    if (suffix == QLatin1String("json"))
        return new QsciLexerJSON(parent);
    return nullptr;
}

}  // namespace

EditorPanel::EditorPanel(QWidget* parent) : QWidget(parent), m_tabs(new QTabWidget(this))
{
    m_tabs->setTabsClosable(true);
    m_tabs->setDocumentMode(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        QWidget* page = m_tabs->widget(index);
        m_tabs->removeTab(index);
        page->deleteLater();
    });
}

QsciScintilla* EditorPanel::editorFor(const QString& path) const
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (m_tabs->widget(i)->property("path").toString() == path)
            return static_cast<QsciScintilla*>(m_tabs->widget(i));
    }
    return nullptr;
}

void EditorPanel::configure(QsciScintilla* editor, const QString& path)
{
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (QsciLexer* lexer = lexerFor(path, editor)) {
        lexer->setDefaultFont(fixed);
        lexer->setFont(fixed);
        editor->setLexer(lexer);
    } else {
        editor->setFont(fixed);
    }
    editor->setUtf8(true);
    editor->setMarginType(0, QsciScintilla::NumberMargin);
    editor->setMarginWidth(0, QStringLiteral("00000"));
    editor->setMarginLineNumbers(0, true);
    // The breakpoint gutter: click to toggle a red dot.
    editor->setMarginType(kBreakpointMargin, QsciScintilla::SymbolMargin);
    editor->setMarginWidth(kBreakpointMargin, 16);
    editor->setMarginSensitivity(kBreakpointMargin, true);
    editor->setMarginMarkerMask(kBreakpointMargin, 1 << kBreakpointMarker);
    editor->markerDefine(QsciScintilla::Circle, kBreakpointMarker);
    editor->setMarkerBackgroundColor(QColor(0xd0, 0x30, 0x30), kBreakpointMarker);
    editor->setMarkerForegroundColor(QColor(0xd0, 0x30, 0x30), kBreakpointMarker);
    editor->setAutoIndent(true);
    editor->setIndentationsUseTabs(false);
    editor->setTabWidth(4);
    editor->setBraceMatching(QsciScintilla::SloppyBraceMatch);
    editor->setCaretLineVisible(true);
    editor->setCaretLineBackgroundColor(QColor(0xf4, 0xf6, 0xfa));
    connect(editor, &QsciScintilla::marginClicked, this, [this, editor, path](int margin, int line, Qt::KeyboardModifiers) {
        if (margin != kBreakpointMargin)
            return;
        auto& lines = m_breakpoints[path];
        if (editor->markersAtLine(line) & (1 << kBreakpointMarker)) {
            editor->markerDelete(line, kBreakpointMarker);
            lines.remove(line + 1);
        } else {
            editor->markerAdd(line, kBreakpointMarker);
            lines.insert(line + 1);
        }
        Q_EMIT breakpointsChanged(path, lines);
    });
}

bool EditorPanel::openFile(const QString& path, QString* error)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (QsciScintilla* existing = editorFor(absolute)) {
        m_tabs->setCurrentWidget(existing);
        return true;
    }
    QFile file(absolute);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("cannot open %1: %2").arg(absolute, file.errorString());
        return false;
    }
    auto* editor = new QsciScintilla(m_tabs);
    editor->setProperty("path", absolute);
    configure(editor, absolute);
    editor->setText(QString::fromUtf8(file.readAll()));
    editor->setModified(false);
    for (const int line : m_breakpoints.value(absolute))
        editor->markerAdd(line - 1, kBreakpointMarker);
    const int index = m_tabs->addTab(editor, QFileInfo(absolute).fileName());
    m_tabs->setTabToolTip(index, absolute);
    m_tabs->setCurrentIndex(index);
    connect(editor, &QsciScintilla::modificationChanged, this, [this, editor](bool modified) {
        const int tab = m_tabs->indexOf(editor);
        const QString name = QFileInfo(editor->property("path").toString()).fileName();
        m_tabs->setTabText(tab, modified ? name + QStringLiteral(" •") : name);
    });
    return true;
}

QString EditorPanel::currentFile() const
{
    QWidget* page = m_tabs->currentWidget();
    return page ? page->property("path").toString() : QString();
}

bool EditorPanel::saveCurrent(QString* error)
{
    auto* editor = static_cast<QsciScintilla*>(m_tabs->currentWidget());
    if (!editor)
        return true;
    const QString path = editor->property("path").toString();
    // Write-then-rename: the engine's watcher never sees half a file.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(editor->text().toUtf8()) < 0 || !file.commit()) {
        if (error)
            *error = tr("cannot save %1: %2").arg(path, file.errorString());
        return false;
    }
    editor->setModified(false);
    Q_EMIT saved(path);
    return true;
}

QSet<int> EditorPanel::breakpoints(const QString& path) const
{
    return m_breakpoints.value(QFileInfo(path).absoluteFilePath());
}

}  // namespace lambdadesk::gui
