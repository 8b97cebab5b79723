// SPDX-License-Identifier: MIT
#include "editor/editor_panel.h"

#include "core_controller.h"
#include "editor/breakpoint_gutter.h"
#include "editor/handler_source.h"
#include "functions/function_list_model.h"

#include <algorithm>

#include <Qsci/qscilexercpp.h>
#include <Qsci/qscilexerjavascript.h>
#include <Qsci/qscilexerjson.h>
#include <Qsci/qscilexerpython.h>
#include <Qsci/qscilexeryaml.h>
#include <Qsci/qsciscintilla.h>

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QSaveFile>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>

namespace lambdadesk::gui {
namespace {

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

EditorPanel::EditorPanel(QWidget* parent) : EditorPanel(nullptr, parent) {}

EditorPanel::EditorPanel(CoreController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_picker(new QComboBox(this)), m_pickerError(new QLabel(this)),
      m_pages(new QStackedWidget(this)), m_tabs(new QTabWidget(this))
{
    m_tabs->setTabsClosable(true);
    m_tabs->setDocumentMode(true);
    m_picker->setObjectName(QStringLiteral("functionPicker"));
    m_picker->setToolTip(tr("Open the handler file of a function of the project"));
    m_picker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_pickerError->setObjectName(QStringLiteral("pickerError"));
    m_pickerError->setWordWrap(true);
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    bar->addWidget(new QLabel(tr("Function:"), this));
    bar->addWidget(m_picker);
    bar->addWidget(m_pickerError, 1);

    // With nothing open the panel says how to open something, instead of an empty grey area.
    auto* empty = new QLabel(tr("<p><b>No file open</b></p><p>Double-click a function in Functions, or pick one "
                                "here in <i>Function</i> above, to open its handler's code.</p>"
                                "<p>Ctrl+S saves; the function reloads on its next invoke.</p>"),
                             this);
    empty->setObjectName(QStringLiteral("emptyHint"));
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setMargin(12);
    m_pages->addWidget(empty);
    m_pages->addWidget(m_tabs);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_pages, 1);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { Q_EMIT currentFileChanged(currentFile()); });
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        QWidget* page = m_tabs->widget(index);
        m_tabs->removeTab(index);
        page->deleteLater();
        updateEmptyState();
    });
    connect(m_picker, &QComboBox::activated, this, [this](int index) {
        if (index <= 0)
            return;
        const QString function = m_picker->itemText(index);
        QString error;
        m_pickerError->setText(openFunction(function, &error) ? QString()
                                                               : QStringLiteral("<font color='#c03030'>%1</font>")
                                                                     .arg(error.toHtmlEscaped()));
        m_picker->setCurrentIndex(0);
        Q_EMIT openFunctionRequested(function);
    });
    if (m_controller) {
        const auto* functions = m_controller->functions();
        connect(functions, &QAbstractItemModel::modelReset, this, &EditorPanel::refreshFunctions);
        connect(functions, &QAbstractItemModel::rowsInserted, this, &EditorPanel::refreshFunctions);
        connect(functions, &QAbstractItemModel::rowsRemoved, this, &EditorPanel::refreshFunctions);
        connect(m_controller, &CoreController::projectOpened, this, &EditorPanel::refreshFunctions);
    }
    refreshFunctions();
    updateEmptyState();
}

void EditorPanel::refreshFunctions()
{
    m_picker->clear();
    m_picker->addItem(tr("Open a function's code…"));
    m_picker->setEnabled(m_controller != nullptr);
    if (!m_controller)
        return;
    const auto* functions = m_controller->functions();
    for (int row = 0; row < functions->rowCount(); ++row)
        m_picker->addItem(QString::fromStdString(functions->row(row).config.name));
}

void EditorPanel::updateEmptyState()
{
    m_pages->setCurrentIndex(m_tabs->count() > 0 ? 1 : 0);
}

bool EditorPanel::openFunction(const QString& function, QString* error)
{
    const int row = m_controller ? m_controller->functions()->findRow(function) : -1;
    if (row < 0) {
        if (error)
            *error = tr("no function %1 in the project").arg(function);
        return false;
    }
    const auto& config = m_controller->functions()->row(row).config;
    const QString file = handlerSourceFile(config);
    if (file.isEmpty()) {
        if (error)
            *error = tr("no source file for handler %1 in %2")
                         .arg(QString::fromStdString(config.handler), QString::fromStdString(config.codeDir.string()));
        return false;
    }
    if (!openFile(file, error))
        return false;
    if (QWidget* page = m_tabs->currentWidget())
        page->setProperty("function", function);
    return true;
}

QString EditorPanel::currentFunction() const
{
    const QWidget* page = m_tabs->currentWidget();
    if (!page)
        return {};
    if (const QString opened = page->property("function").toString(); !opened.isEmpty())
        return opened;
    if (!m_controller)
        return {};
    // The deepest code folder that holds the file: a function nested in another's folder is its own.
    const QString path = QFileInfo(currentFile()).absoluteFilePath();
    QString owner;
    qsizetype ownerDepth = -1;
    const auto* functions = m_controller->functions();
    for (int row = 0; row < functions->rowCount(); ++row) {
        const auto& config = functions->row(row).config;
        const QString dir = QDir(QString::fromStdString(config.codeDir.string())).absolutePath();
        if (path.startsWith(dir + QLatin1Char('/')) && dir.size() > ownerDepth) {
            owner = QString::fromStdString(config.name);
            ownerDepth = dir.size();
        }
    }
    return owner;
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
    editor->setAutoIndent(true);
    editor->setIndentationsUseTabs(false);
    editor->setTabWidth(4);
    editor->setBraceMatching(QsciScintilla::SloppyBraceMatch);
    editor->setCaretLineVisible(true);
    editor->setCaretLineBackgroundColor(QColor(0xf4, 0xf6, 0xfa));
    auto* gutter = new BreakpointGutter(editor);
    connect(gutter, &BreakpointGutter::toggleRequested, this,
            [this, path](int line) { Q_EMIT breakpointToggleRequested(path, line); });
    editor->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(editor, &QWidget::customContextMenuRequested, this,
            [this, editor, path](const QPoint& position) { showTextMenu(editor, path, position); });
}

void EditorPanel::showTextMenu(QsciScintilla* editor, const QString& path, const QPoint& position)
{
    QMenu* menu = editor->createStandardContextMenu();
    // The line under the pointer, not the cursor's: a right-click does not move the cursor.
    const long at = editor->SendScintilla(QsciScintilla::SCI_POSITIONFROMPOINT, static_cast<unsigned long>(position.x()),
                                          static_cast<long>(position.y()));
    const int line = static_cast<int>(editor->SendScintilla(QsciScintilla::SCI_LINEFROMPOSITION,
                                                            static_cast<unsigned long>(at))) + 1;
    menu->addSeparator();
    QAction* toggle = menu->addAction(tr("Toggle Breakpoint on Line %1").arg(line));
    connect(toggle, &QAction::triggered, this, [this, path, line] { Q_EMIT breakpointToggleRequested(path, line); });
    QAction* runTo = menu->addAction(tr("Run to Line %1").arg(line));
    runTo->setEnabled(m_runToLineEnabled);
    if (!m_runToLineEnabled)
        runTo->setToolTip(tr("While a debugged function is stopped"));
    connect(runTo, &QAction::triggered, this, [this, path, line] { Q_EMIT runToLineRequested(path, line); });
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(editor->viewport()->mapToGlobal(position));
}

void EditorPanel::goToLine(int line, int column)
{
    auto* editor = qobject_cast<QsciScintilla*>(m_tabs->currentWidget());
    if (!editor || line < 1)
        return;
    editor->setCursorPosition(line - 1, std::max(column - 1, 0));
    editor->ensureLineVisible(line - 1);
    editor->setFocus();
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
    if (m_markSource)
        editor->findChild<BreakpointGutter*>()->setMarks(m_markSource(absolute));
    if (absolute == m_executionFile)
        editor->findChild<BreakpointGutter*>()->setExecutionLine(m_executionLine);
    const int index = m_tabs->addTab(editor, QFileInfo(absolute).fileName());
    m_tabs->setTabToolTip(index, absolute);
    m_tabs->setCurrentIndex(index);
    updateEmptyState();
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

int EditorPanel::currentLine() const
{
    auto* editor = qobject_cast<QsciScintilla*>(m_tabs->currentWidget());
    if (!editor)
        return 0;
    int line = 0;
    int column = 0;
    editor->getCursorPosition(&line, &column);
    return line + 1;
}

void EditorPanel::setBreakpointMarkSource(std::function<GutterMarks(const QString&)> source)
{
    m_markSource = std::move(source);
    refreshBreakpointMarks();
}

void EditorPanel::refreshBreakpointMarks()
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto* gutter = m_tabs->widget(i)->findChild<BreakpointGutter*>();
        gutter->setMarks(m_markSource ? m_markSource(m_tabs->widget(i)->property("path").toString()) : GutterMarks{});
    }
}

GutterMarks EditorPanel::breakpointMarks(const QString& path) const
{
    const QsciScintilla* editor = editorFor(QFileInfo(path).absoluteFilePath());
    return editor ? editor->findChild<BreakpointGutter*>()->marks() : GutterMarks{};
}

QString EditorPanel::breakpointToolTip(const QString& path, int line) const
{
    const QsciScintilla* editor = editorFor(QFileInfo(path).absoluteFilePath());
    return editor ? editor->findChild<BreakpointGutter*>()->toolTipAt(line) : QString();
}

void EditorPanel::setExecutionLine(const QString& path, int line)
{
    m_executionFile = path.isEmpty() || line < 1 ? QString() : QFileInfo(path).absoluteFilePath();
    m_executionLine = m_executionFile.isEmpty() ? 0 : line;
    for (int i = 0; i < m_tabs->count(); ++i) {
        const bool here = m_tabs->widget(i)->property("path").toString() == m_executionFile;
        m_tabs->widget(i)->findChild<BreakpointGutter*>()->setExecutionLine(here ? m_executionLine : 0);
    }
}

int EditorPanel::executionLine(const QString& path) const
{
    const QsciScintilla* editor = editorFor(QFileInfo(path).absoluteFilePath());
    return editor ? editor->findChild<BreakpointGutter*>()->executionLine() : 0;
}

}  // namespace lambdadesk::gui
