// SPDX-License-Identifier: MIT
#include "traffic/traffic_panel.h"

#include "core_controller.h"
#include "functions/function_list_model.h"
#include "queues/source_models.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>

namespace lambdadesk::gui {
namespace {

// What the payload field starts with for each kind: an empty event for a function; for a queue or a
// stream, a body that differs per message.
QString defaultPayload(core::TrafficTarget target)
{
    return target == core::TrafficTarget::Function ? QStringLiteral("{}") : QStringLiteral(R"({"n":{{n}}})");
}

core::TrafficTarget targetAt(const QComboBox* kind, int index)
{
    return static_cast<core::TrafficTarget>(kind->itemData(index).toInt());
}

}  // namespace

TrafficPanel::TrafficPanel(CoreController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_kind(new QComboBox(this)), m_target(new QComboBox(this)),
      m_payload(new QLineEdit(defaultPayload(core::TrafficTarget::Function), this)), m_shape(new QComboBox(this)),
      m_rate(new QDoubleSpinBox(this)), m_seconds(new QSpinBox(this)), m_start(new QPushButton(tr("Start"), this)),
      m_stop(new QPushButton(tr("Stop"), this)), m_status(new QLabel(this)), m_error(new QLabel(this)),
      m_refresh(new QTimer(this))
{
    // Named for tests and style sheets.
    m_kind->setObjectName(QStringLiteral("targetKind"));
    m_target->setObjectName(QStringLiteral("target"));
    m_payload->setObjectName(QStringLiteral("payload"));
    m_error->setObjectName(QStringLiteral("lastError"));
    m_kind->addItem(tr("Function"), static_cast<int>(core::TrafficTarget::Function));
    m_kind->addItem(tr("Queue"), static_cast<int>(core::TrafficTarget::Queue));
    m_kind->addItem(tr("Stream"), static_cast<int>(core::TrafficTarget::Stream));
    m_kind->setToolTip(tr("Function: invocations. Queue: SendMessage, drained by its event source mappings. "
                          "Stream: PutRecord with partition keys key-0 … key-15, spread over the shards."));
    // Editable: a queue or stream made through the AWS endpoint is not in the template.
    m_target->setEditable(true);
    m_target->setInsertPolicy(QComboBox::NoInsert);
    m_target->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_target->setMinimumContentsLength(12);
    m_payload->setToolTip(tr("The event, message body or record data; {{n}} becomes the sequence number (1, 2, 3…)"));
    m_payload->setPlaceholderText(tr("{{n}} = sequence number"));
    m_shape->addItem(tr("Constant rate"), QStringLiteral("constant"));
    m_shape->addItem(tr("Poisson arrivals"), QStringLiteral("poisson"));
    m_shape->addItem(tr("Bursts (5× for 1 s every 10 s)"), QStringLiteral("bursts"));
    m_shape->addItem(tr("Morning rush (ramp 10% → 100%)"), QStringLiteral("morning-rush"));
    m_rate->setRange(0.1, 50'000);
    m_rate->setValue(50);
    m_rate->setSuffix(tr(" /s"));
    m_seconds->setRange(0, 24 * 3600);
    m_seconds->setValue(60);
    m_seconds->setSpecialValueText(tr("until stopped"));
    m_seconds->setSuffix(tr(" s"));
    m_stop->setEnabled(false);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    auto* form = new QFormLayout(this);
    auto* target = new QHBoxLayout;
    target->addWidget(m_kind);
    target->addWidget(m_target, 1);
    form->addRow(tr("Target"), target);
    form->addRow(tr("Payload"), m_payload);
    form->addRow(tr("Arrivals"), m_shape);
    form->addRow(tr("Rate"), m_rate);
    form->addRow(tr("Duration"), m_seconds);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    form->addRow(buttons);
    form->addRow(m_status);
    form->addRow(m_error);

    connect(m_start, &QPushButton::clicked, this, &TrafficPanel::start);
    connect(m_stop, &QPushButton::clicked, this, &TrafficPanel::stop);
    connect(m_refresh, &QTimer::timeout, this, &TrafficPanel::refreshStatus);
    m_refresh->setInterval(250);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &TrafficPanel::targetKindChanged);
    connect(controller, &CoreController::projectOpened, this, &TrafficPanel::refreshTargets);
    // Queues appear once the engine created them (and when made through the endpoint).
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(controller->queues(), signal, this, [this] {
            if (targetAt(m_kind, m_kind->currentIndex()) == core::TrafficTarget::Queue)
                refreshTargets();
        });
    connect(controller->queues(), &QAbstractItemModel::modelReset, this, &TrafficPanel::refreshTargets);
    refreshTargets();
}

void TrafficPanel::targetKindChanged()
{
    // A payload left as the previous kind's default takes the new kind's.
    if (m_shownKind >= 0 && m_payload->text() == defaultPayload(targetAt(m_kind, m_shownKind)))
        m_payload->setText(defaultPayload(targetAt(m_kind, m_kind->currentIndex())));
    refreshTargets();
}

void TrafficPanel::refreshTargets()
{
    const int kind = m_kind->currentIndex();
    // Switching kinds starts from the first name; a refresh of the same kind keeps what was chosen or typed.
    const QString chosen = kind == m_shownKind ? m_target->currentText() : QString();
    m_shownKind = kind;
    QStringList names;
    const auto* project = m_controller->project();
    switch (targetAt(m_kind, kind)) {
    case core::TrafficTarget::Function: {
        const auto* functions = m_controller->functions();
        for (int row = 0; row < functions->rowCount(); ++row)
            names << QString::fromStdString(functions->row(row).config.name);
        break;
    }
    case core::TrafficTarget::Queue: {
        if (project) {
            for (const auto& queue : project->queues)
                names << QString::fromStdString(queue.name);
        }
        const auto* queues = m_controller->queues();
        for (int row = 0; row < queues->rowCount(); ++row)
            names << queues->name(row);
        break;
    }
    case core::TrafficTarget::Stream:
        if (project) {
            for (const auto& stream : project->streams)
                names << QString::fromStdString(stream.name);
        }
        break;
    }
    names.removeDuplicates();
    m_target->clear();
    m_target->addItems(names);
    if (!chosen.isEmpty())
        m_target->setCurrentText(chosen);
}

void TrafficPanel::start()
{
    const QString name = m_target->currentText().trimmed();
    if (name.isEmpty()) {
        m_error->setText(tr("Choose a %1 to send to.").arg(m_kind->currentText().toLower()));
        m_error->show();
        return;
    }
    core::TrafficPlan plan;
    plan.target = targetAt(m_kind, m_kind->currentIndex());
    switch (plan.target) {
    case core::TrafficTarget::Function: plan.function = name.toStdString(); break;
    case core::TrafficTarget::Queue: plan.queue = name.toStdString(); break;
    case core::TrafficTarget::Stream: plan.stream = name.toStdString(); break;
    }
    plan.payload = m_payload->text().toStdString();
    core::parseTrafficShape(m_shape->currentData().toString().toStdString(), plan.shape);
    plan.ratePerSecond = m_rate->value();
    plan.duration = std::chrono::seconds(m_seconds->value());
    m_controller->startTraffic(plan);
    m_error->hide();
    m_start->setEnabled(false);
    m_stop->setEnabled(true);
    m_refresh->start();
}

void TrafficPanel::stop()
{
    m_controller->stopTraffic();
    refreshStatus();
}

void TrafficPanel::refreshStatus()
{
    const auto stats = m_controller->trafficStats();
    m_status->setText(tr("sent %1 · ok %2 · errors %3 · throttled %4")
                          .arg(stats.sent)
                          .arg(stats.ok)
                          .arg(stats.errors)
                          .arg(stats.throttled));
    // The latest error says why sends fail (an unknown queue, a function error type).
    m_error->setVisible(!stats.lastError.empty());
    if (!stats.lastError.empty())
        m_error->setText(tr("last error: %1").arg(QString::fromStdString(stats.lastError)));
    if (!m_controller->trafficRunning()) {
        m_start->setEnabled(true);
        m_stop->setEnabled(false);
        m_refresh->stop();
    }
}

}  // namespace lambdadesk::gui
