// SPDX-License-Identifier: MIT
#include "queues/send_message_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace lambdadesk::gui {
namespace {

enum AttributeColumn { kNameColumn, kTypeColumn, kValueColumn };

}  // namespace

SendMessageDialog::SendMessageDialog(const QString& queue, QWidget* parent)
    : QDialog(parent), m_queue(queue), m_body(new QPlainTextEdit(this)), m_attributes(new QTableWidget(0, 3, this)),
      m_delay(new QSpinBox(this)), m_error(new QLabel(this))
{
    setWindowTitle(tr("Send a message to %1").arg(queue));
    m_body->setObjectName(QStringLiteral("body"));
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_body->setPlainText(QStringLiteral("{}"));
    m_attributes->setObjectName(QStringLiteral("attributes"));
    m_attributes->setHorizontalHeaderLabels({tr("Name"), tr("Type"), tr("Value")});
    m_attributes->horizontalHeader()->setStretchLastSection(true);
    m_attributes->verticalHeader()->hide();
    m_delay->setObjectName(QStringLiteral("delaySeconds"));
    m_delay->setRange(0, 900);
    m_delay->setSuffix(tr(" s"));
    m_delay->setToolTip(tr("DelaySeconds: the message stays invisible this long (0–900 s)"));
    m_error->setStyleSheet(QStringLiteral("color: #c03030"));
    m_error->setWordWrap(true);
    m_error->hide();

    auto* add = new QPushButton(tr("Add attribute"), this);
    auto* remove = new QPushButton(tr("Remove"), this);
    auto* attributeButtons = new QHBoxLayout;
    attributeButtons->addWidget(add);
    attributeButtons->addWidget(remove);
    attributeButtons->addStretch();

    auto* fields = new QWidget;
    auto* form = new QFormLayout(fields);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Body"), m_body);
    auto* attributes = new QVBoxLayout;
    attributes->addWidget(m_attributes);
    attributes->addLayout(attributeButtons);
    form->addRow(tr("Attributes"), attributes);
    form->addRow(tr("Delay"), m_delay);
    // FIFO fields exist only for a FIFO queue: a standard queue rejects them.
    if (isFifo(queue)) {
        m_group = new QLineEdit(fields);
        m_group->setObjectName(QStringLiteral("messageGroupId"));
        m_group->setText(QStringLiteral("group-1"));
        m_group->setToolTip(tr("MessageGroupId (required): messages of a group are delivered in order"));
        m_deduplication = new QLineEdit(fields);
        m_deduplication->setObjectName(QStringLiteral("messageDeduplicationId"));
        m_deduplication->setPlaceholderText(tr("empty: content-based deduplication, when the queue has it"));
        form->addRow(tr("Message group"), m_group);
        form->addRow(tr("Deduplication id"), m_deduplication);
        m_delay->setToolTip(tr("A FIFO queue takes no per-message delay; use the queue's DelaySeconds"));
        m_delay->setEnabled(false);
    }
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(fields);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(tr("Send"), QDialogButtonBox::AcceptRole);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    resize(520, 460);

    connect(add, &QPushButton::clicked, this, [this] { addAttribute(); });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_attributes->currentRow() >= 0)
            m_attributes->removeRow(m_attributes->currentRow());
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &SendMessageDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SendMessageDialog::reject);
}

void SendMessageDialog::setBody(const QString& body)
{
    m_body->setPlainText(body);
}

void SendMessageDialog::addAttribute(const QString& name, const QString& type, const QString& value)
{
    const int row = m_attributes->rowCount();
    m_attributes->insertRow(row);
    m_attributes->setItem(row, kNameColumn, new QTableWidgetItem(name));
    auto* types = new QComboBox(m_attributes);
    types->addItems({QStringLiteral("String"), QStringLiteral("Number"), QStringLiteral("Binary")});
    types->setCurrentText(type);
    m_attributes->setCellWidget(row, kTypeColumn, types);
    m_attributes->setItem(row, kValueColumn, new QTableWidgetItem(value));
    m_attributes->setCurrentCell(row, kNameColumn);
}

bool SendMessageDialog::request(core::SendMessageRequest* request, QString* error) const
{
    core::SendMessageRequest result;
    result.queueUrl = m_queue.toStdString();
    result.messageBody = m_body->toPlainText().toStdString();
    if (m_delay->isEnabled() && m_delay->value() > 0)
        result.delaySeconds = m_delay->value();
    for (int row = 0; row < m_attributes->rowCount(); ++row) {
        const auto text = [this, row](int column) {
            const QTableWidgetItem* item = m_attributes->item(row, column);
            return item ? item->text().trimmed() : QString();
        };
        const QString name = text(kNameColumn);
        const QString type = static_cast<QComboBox*>(m_attributes->cellWidget(row, kTypeColumn))->currentText();
        const QString value = text(kValueColumn);
        if (name.isEmpty() && value.isEmpty())
            continue;  // an untouched row
        if (name.isEmpty() || value.isEmpty()) {
            *error = tr("attribute row %1 needs both a name and a value").arg(row + 1);
            return false;
        }
        core::MessageAttributeValue attribute;
        attribute.dataType = type.toStdString();
        if (type == QLatin1String("Binary")) {
            const auto decoded = QByteArray::fromBase64Encoding(value.toLatin1());
            if (!decoded) {
                *error = tr("attribute %1: a Binary value is typed as base64").arg(name);
                return false;
            }
            attribute.binaryValue = (*decoded).toStdString();
        } else {
            attribute.stringValue = value.toStdString();
        }
        result.messageAttributes[name.toStdString()] = attribute;
    }
    if (m_group) {
        result.messageGroupId = m_group->text().trimmed().toStdString();
        result.messageDeduplicationId = m_deduplication->text().trimmed().toStdString();
        if (result.messageGroupId.empty()) {
            *error = tr("a FIFO queue needs a message group id");
            return false;
        }
    }
    *request = std::move(result);
    return true;
}

void SendMessageDialog::accept()
{
    core::SendMessageRequest ignored;
    QString error;
    if (!request(&ignored, &error)) {
        m_error->setText(error);
        m_error->show();
        return;
    }
    QDialog::accept();
}

}  // namespace lambdadesk::gui
