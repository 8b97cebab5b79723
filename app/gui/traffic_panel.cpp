// SPDX-License-Identifier: MIT
#include "traffic_panel.h"

#include "core_controller.h"
#include "function_list_model.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>

namespace lambdadesk::gui {

TrafficPanel::TrafficPanel(CoreController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_function(new QComboBox(this)), m_shape(new QComboBox(this)),
      m_rate(new QDoubleSpinBox(this)), m_seconds(new QSpinBox(this)), m_start(new QPushButton(tr("Start"), this)),
      m_stop(new QPushButton(tr("Stop"), this)), m_status(new QLabel(this)), m_refresh(new QTimer(this))
{
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

    auto* form = new QFormLayout(this);
    form->addRow(tr("Function"), m_function);
    form->addRow(tr("Arrivals"), m_shape);
    form->addRow(tr("Rate"), m_rate);
    form->addRow(tr("Duration"), m_seconds);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    form->addRow(buttons);
    form->addRow(m_status);

    connect(m_start, &QPushButton::clicked, this, &TrafficPanel::start);
    connect(m_stop, &QPushButton::clicked, this, &TrafficPanel::stop);
    connect(m_refresh, &QTimer::timeout, this, &TrafficPanel::refreshStatus);
    m_refresh->setInterval(250);
    connect(controller, &CoreController::projectOpened, this, &TrafficPanel::refreshFunctions);
    refreshFunctions();
}

void TrafficPanel::refreshFunctions()
{
    m_function->clear();
    const auto* functions = m_controller->functions();
    for (int row = 0; row < functions->rowCount(); ++row)
        m_function->addItem(QString::fromStdString(functions->row(row).config.name));
}

void TrafficPanel::start()
{
    core::TrafficPlan plan;
    plan.function = m_function->currentText().toStdString();
    core::parseTrafficShape(m_shape->currentData().toString().toStdString(), plan.shape);
    plan.ratePerSecond = m_rate->value();
    plan.duration = std::chrono::seconds(m_seconds->value());
    m_controller->startTraffic(plan);
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
    if (!m_controller->trafficRunning()) {
        m_start->setEnabled(true);
        m_stop->setEnabled(false);
        m_refresh->stop();
    }
}

}  // namespace lambdadesk::gui
