// SPDX-License-Identifier: MIT
// The window's part of Debug → Accept Editors: the app's DAP server (EditorLink), the functions an editor may
// attach to, the debug marks of the ones it did, and the Debug dock's note that the session is shared.
#include "main_window.h"

#include "core_controller.h"
#include "debug/debug_controller.h"
#include "debug/debug_dock.h"
#include "debug/editor_link.h"
#include "functions/function_list_model.h"
#include "functions/functions_panel.h"
#include "logs/log_model.h"

#include <QAction>
#include <QInputDialog>
#include <QSettings>
#include <QStatusBar>

namespace lambdadesk::gui {

void MainWindow::createEditorLink()
{
    m_editorLink = new EditorLink(m_debug, this);
    m_acceptEditors = new QAction(tr("Accept &Editors (DAP)…"), this);
    m_acceptEditors->setCheckable(true);
    m_acceptEditors->setToolTip(tr("Let VS Code, nvim-dap or Emacs attach to a function through the Debug Adapter "
                                   "Protocol on 127.0.0.1; the editor and this window share its stops"));
    connect(m_acceptEditors, &QAction::toggled, this, &MainWindow::acceptEditors);
    connect(m_editorLink, &EditorLink::reloadRequested, m_controller, &CoreController::reloadFunction);
    connect(m_editorLink, &EditorLink::errorOccurred, this,
            [this](const QString& message) { statusBar()->showMessage(message, 10000); });
    connect(m_editorLink, &EditorLink::editorChanged, this, &MainWindow::editorChanged);
    // What attached functions print goes to the editor's console as well.
    auto* logs = m_controller->logs();
    connect(logs, &QAbstractItemModel::rowsInserted, this, [this, logs](const QModelIndex&, int first, int last) {
        if (m_editorFunctions.isEmpty())
            return;
        for (int row = first; row <= last; ++row) {
            const auto& entry = logs->entry(row);
            if (entry.stream != core::LogLine::Stream::Platform && m_editorFunctions.contains(entry.function))
                m_editorLink->functionOutput(entry.function, entry.text, entry.stream == core::LogLine::Stream::Stderr);
        }
    });

    // The server asks for the function names from its own thread: it gets a copy, renewed on every change.
    auto* functions = m_controller->functions();
    const auto updateNames = [this, functions] {
        QStringList names;
        for (int row = 0; row < functions->rowCount(); ++row)
            names << QString::fromStdString(functions->row(row).config.name);
        m_editorLink->setFunctionNames(names);
    };
    connect(functions, &QAbstractItemModel::rowsInserted, this, updateNames);
    connect(functions, &QAbstractItemModel::rowsRemoved, this, updateNames);
    connect(functions, &QAbstractItemModel::modelReset, this, updateNames);
    updateNames();
}

void MainWindow::acceptEditors(bool on)
{
    if (!on) {
        m_editorLink->stop();
        editorChanged({});
        statusBar()->showMessage(tr("Editors can no longer attach"), 5000);
        return;
    }
    QSettings settings;
    bool chosen = false;
    const int port = QInputDialog::getInt(this, tr("Accept Editors"),
                                          tr("Port on 127.0.0.1 for the Debug Adapter Protocol (0: any free port):"),
                                          settings.value(QStringLiteral("debug/dapPort"), 4711).toInt(), 0, 65535,
                                          1, &chosen);
    if (!chosen || !m_editorLink->start(port)) {
        const QSignalBlocker blocker(m_acceptEditors);
        m_acceptEditors->setChecked(false);
        return;
    }
    settings.setValue(QStringLiteral("debug/dapPort"), port);
    editorChanged({});
}

void MainWindow::editorChanged(const QStringList& functions)
{
    // An editor's attach puts its functions in debug mode (the server did so in the launcher); the window
    // shows it as for its own, and takes it back when the editor leaves.
    for (const auto& function : std::as_const(m_editorFunctions)) {
        if (!functions.contains(function)) {
            m_debug->setDebugged(function, false);
            m_functions->setDebugged(function, false);
        }
    }
    for (const auto& function : functions) {
        m_debug->setDebugged(function, true);
        m_functions->setDebugged(function, true);
    }
    m_editorFunctions = functions;
    const QString where = QStringLiteral("127.0.0.1:%1").arg(m_editorLink->port());
    if (!m_editorLink->isListening())
        m_debugDock->setEditorNote({});
    else if (functions.isEmpty())
        m_debugDock->setEditorNote(tr("Editors can attach at %1 (\"request\": \"attach\", \"function\": NAME)").arg(where));
    else
        m_debugDock->setEditorNote(tr("An editor is attached to %1 through %2: its stops show here and there, and "
                                      "either may continue or step")
                                       .arg(functions.join(QStringLiteral(", ")), where));
    if (!functions.isEmpty())
        statusBar()->showMessage(tr("An editor attached to %1").arg(functions.join(QStringLiteral(", "))), 10000);
}

}  // namespace lambdadesk::gui
