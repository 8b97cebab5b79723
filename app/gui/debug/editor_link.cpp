// SPDX-License-Identifier: MIT
#include "debug/editor_link.h"

#include "debug/debug_controller.h"

#include "dap_server.h"
#include "debug_observer_list.h"

#include <QPointer>

#include <algorithm>

namespace lambdadesk::gui {

EditorLink::EditorLink(DebugController* controller, QObject* parent) : QObject(parent), m_controller(controller) {}

EditorLink::~EditorLink()
{
    stop();
}

void EditorLink::setFunctionNames(const QStringList& names)
{
    std::lock_guard lock(*m_namesMutex);
    m_names->clear();
    for (const auto& name : names)
        m_names->push_back(name.toStdString());
}

bool EditorLink::start(int port)
{
    stop();
    debugger::DapServerHooks hooks;
    // The server's thread never waits for the GUI thread: names come from a copy, the rest is queued.
    hooks.functionNames = [mutex = m_namesMutex, names = m_names] {
        std::lock_guard lock(*mutex);
        return *names;
    };
    QPointer<EditorLink> self(this);
    hooks.reloadFunction = [self, mutex = m_namesMutex, names = m_names](const std::string& function) {
        {
            std::lock_guard lock(*mutex);
            if (std::find(names->begin(), names->end(), function) == names->end())
                return false;
        }
        QMetaObject::invokeMethod(
            self, [self, function] { if (self) Q_EMIT self->reloadRequested(QString::fromStdString(function)); },
            Qt::QueuedConnection);
        return true;
    };
    hooks.editorChanged = [self](const std::vector<std::string>& functions) {
        QStringList list;
        for (const auto& function : functions)
            list << QString::fromStdString(function);
        QMetaObject::invokeMethod(
            self, [self, list] { if (self) Q_EMIT self->editorChanged(list); }, Qt::QueuedConnection);
    };
    auto server = debugger::DapServer::start(port, m_controller->book(), hooks);
    if (!server) {
        Q_EMIT errorOccurred(tr("Editors cannot attach: %1").arg(QString::fromStdString(server.error().message)));
        return false;
    }
    m_server = *server;
    m_server->setLauncher(m_controller->launcher());
    // The dock shows and continues the stops no editor owns.
    m_server->setRunsOnWithoutEditor(false);
    m_controller->observers()->add(m_server);
    return true;
}

void EditorLink::stop()
{
    if (!m_server)
        return;
    m_controller->observers()->remove(m_server);
    m_server->stop();
    m_server.reset();
}

void EditorLink::functionOutput(const QString& function, const QString& text, bool isStderr)
{
    if (m_server)
        m_server->functionOutput(function.toStdString(), isStderr, text.toStdString());
}

int EditorLink::port() const
{
    return m_server ? m_server->port() : 0;
}

}  // namespace lambdadesk::gui
