// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

namespace lambdadesk::gui {

class CoreController;

/// One invocation: where and how it ran (environment, cold/warm, durations, billing, error),
/// its log lines, its event (while the engine keeps it) and — for invocations made from the app — its response,
/// with "Debug This Invocation" to replay that event under the debugger.
class InvocationDetails : public QDialog {
    Q_OBJECT

public:
    InvocationDetails(CoreController* controller, const QString& requestId, QWidget* parent = nullptr);

Q_SIGNALS:
    /// Replay `event` with its caller's client context (base64, empty for none) on `function` under the debugger
    /// (the dialog closes).
    void debugRequested(const QString& function, const QString& event, const QString& clientContext);
};

}  // namespace lambdadesk::gui
