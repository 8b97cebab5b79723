// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QCheckBox;
class QGroupBox;

namespace lambdadesk::gui {

class CoreController;

/// Invoke a function with an event: saved test events per function, the project's `events/*.json`,
/// templates for common event sources; the event is checked as it is typed (where the JSON breaks is
/// marked). The response (an API Gateway proxy response decoded: status, headers, body) and the log tail
/// have their own areas from the start, so the first result does not move anything.
class InvokePanel : public QWidget {
    Q_OBJECT

public:
    explicit InvokePanel(CoreController* controller, QWidget* parent = nullptr);
    void setFunction(const QString& function);
    [[nodiscard]] QString currentFunction() const;
    /// The event editor's text (e.g. to fill it from a test or another panel).
    void setEventText(const QString& json);
    /// The client context synchronous invocations carry (base64 of a JSON object, as X-Amz-Client-Context; empty
    /// for none), shown under the event: "Debug This Invocation" replays a caller's. Another function clears it.
    void setClientContext(const QString& base64);
    [[nodiscard]] QString clientContext() const { return m_clientContext; }

public Q_SLOTS:
    void invoke();

Q_SIGNALS:
    void invoked(const QString& requestId);
    /// "Debug": the window puts the function in debug mode, then calls invoke().
    void debugRequested(const QString& function);

private:
    void refreshFunctions();
    void refreshSavedEvents();
    void saveEvent();
    void deleteEvent();
    void loadChosenEvent();
    /// Marks where the event's JSON breaks, or clears the mark; Invoke is enabled only for valid JSON.
    void checkEvent();
    /// Invoke and Debug follow the event's validity, a running invoke, and (Debug) the function's runtime.
    void updateButtons();
    void showResponse();
    [[nodiscard]] QString projectDir() const;

    CoreController* m_controller;
    QComboBox* m_function;
    QComboBox* m_saved;
    QComboBox* m_templates;
    QPlainTextEdit* m_event;
    QCheckBox* m_tail;
    QCheckBox* m_async;
    QPushButton* m_invoke;
    QPushButton* m_debug;
    QPushButton* m_delete;
    QLabel* m_eventError;
    QLabel* m_contextNote;  ///< the client context sent along, with a link that drops it
    QString m_clientContext;
    QLabel* m_status;
    QCheckBox* m_raw;
    QPlainTextEdit* m_response;
    QPlainTextEdit* m_log;
    QByteArray m_lastPayload;
    QString m_autoEvent;  ///< the text the panel put in the editor itself (replaced freely on a function change)
    bool m_invoking = false;
    bool m_eventValid = true;
};

}  // namespace lambdadesk::gui
