// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

namespace lambdadesk::gui {

class CoreController;

/// One invocation: where and how it ran (environment, cold/warm, durations, billing, error),
/// its log lines, and — for invocations made from the app — its event and response.
class InvocationDetails : public QDialog {
    Q_OBJECT

public:
    InvocationDetails(CoreController* controller, const QString& requestId, QWidget* parent = nullptr);
};

}  // namespace lambdadesk::gui
