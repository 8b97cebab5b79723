// SPDX-License-Identifier: MIT
#pragma once

#include "queues/queue_types.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTableWidget;

namespace lambdadesk::gui {

/// SendMessage for one queue: the body, message attributes (name / type / value rows), DelaySeconds, and
/// for a FIFO queue (a name ending in `.fifo`) MessageGroupId and MessageDeduplicationId. The fields sit in
/// a scroll area, so the dialog fits a small screen.
class SendMessageDialog : public QDialog {
    Q_OBJECT

public:
    explicit SendMessageDialog(const QString& queue, QWidget* parent = nullptr);

    /// The request as filled in; false with `error` when an attribute row is incomplete or not acceptable.
    bool request(core::SendMessageRequest* request, QString* error) const;
    [[nodiscard]] static bool isFifo(const QString& queue) { return queue.endsWith(QLatin1String(".fifo")); }

    /// Adds an attribute row (type String, Number or Binary — a Binary value is typed as base64).
    void addAttribute(const QString& name = {}, const QString& type = QStringLiteral("String"),
                      const QString& value = {});
    void setBody(const QString& body);

private:
    void accept() override;

    QString m_queue;
    QPlainTextEdit* m_body;
    QTableWidget* m_attributes;
    QSpinBox* m_delay;
    QLineEdit* m_group = nullptr;
    QLineEdit* m_deduplication = nullptr;
    QLabel* m_error;
};

}  // namespace lambdadesk::gui
