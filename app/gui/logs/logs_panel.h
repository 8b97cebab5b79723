// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QComboBox;
class QLineEdit;
class QTableView;
class QCheckBox;

namespace lambdadesk::gui {

class CoreController;
class LogFilterModel;

/// All function output with START/END/REPORT lines: filter by function, request, stream and text,
/// follow live, and jump to an invocation on the timeline.
class LogsPanel : public QWidget {
    Q_OBJECT

public:
    explicit LogsPanel(CoreController* controller, QWidget* parent = nullptr);
    /// Shows only the lines of one request.
    void showRequest(const QString& requestId);

Q_SIGNALS:
    void requestActivated(const QString& requestId);

private:
    void refreshFunctions();

    CoreController* m_controller;
    LogFilterModel* m_filter;
    QComboBox* m_function;
    QComboBox* m_stream;
    QLineEdit* m_request;
    QLineEdit* m_text;
    QCheckBox* m_follow;
    QTableView* m_table;
};

}  // namespace lambdadesk::gui
