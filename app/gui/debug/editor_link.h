// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QStringList>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace lambdadesk::debugger {
class DapServer;
}

namespace lambdadesk::gui {

class DebugController;

/// Debug → Accept Editors: the app's DAP server, so VS Code, nvim-dap or Emacs attach to a function while the
/// app runs it. The editor and the Debug dock share the stops: both show where the function stopped, and
/// either may continue or step. Stops of functions no editor attached to stay the dock's alone.
class EditorLink : public QObject {
    Q_OBJECT

public:
    explicit EditorLink(DebugController* controller, QObject* parent = nullptr);
    ~EditorLink() override;

    /// Listens on 127.0.0.1:port (0: any free port); errorOccurred says why not.
    bool start(int port);
    void stop();
    [[nodiscard]] bool isListening() const { return m_server != nullptr; }
    [[nodiscard]] int port() const;
    /// The project's functions, which an editor may attach to (kept here: the server asks from its own thread).
    void setFunctionNames(const QStringList& names);
    /// A line a function printed: the attached editor's console shows it.
    void functionOutput(const QString& function, const QString& text, bool isStderr);

Q_SIGNALS:
    /// The functions an editor is attached to now; empty when it left.
    void editorChanged(const QStringList& functions);
    /// An editor attached to (or left) `function`: its next environments must start the other way.
    void reloadRequested(const QString& function);
    void errorOccurred(const QString& message);

private:
    DebugController* m_controller;
    std::shared_ptr<debugger::DapServer> m_server;
    std::shared_ptr<std::mutex> m_namesMutex = std::make_shared<std::mutex>();
    std::shared_ptr<std::vector<std::string>> m_names = std::make_shared<std::vector<std::string>>();
};

}  // namespace lambdadesk::gui
