// SPDX-License-Identifier: MIT
#pragma once

#include <QComboBox>
#include <QStringList>

namespace lambdadesk::gui {

/// "All regions" or one region, for a panel whose rows live in regions (functions, queues, streams). Hidden
/// while the rows span one region: most projects never see it.
class RegionFilter : public QComboBox {
    Q_OBJECT

public:
    explicit RegionFilter(const QString& toolTip, QWidget* parent = nullptr);

    /// Takes the regions the rows span now (any order, duplicates and empty names allowed), keeps the user's
    /// choice when it is still one of them, and shows itself when there are several. Returns whether there are.
    bool setRegions(QStringList regions);
    /// Whether a row of `region` is shown under the current choice.
    [[nodiscard]] bool shows(const QString& region) const;

private:
    bool m_several = false;  ///< not isVisible(): that also depends on the panel being on screen
};

}  // namespace lambdadesk::gui
