#pragma once

#include <QDialog>

class QAbstractItemModel;
class QComboBox;
class QDialogButtonBox;
class QLineEdit;

// Asks for the driver to move an assigned order to, and the reason (required: it is kept
// in the order's history).
class ReassignDialog : public QDialog
{
    Q_OBJECT
public:
    // drivers: the drivers model; idRole gives a driver's id; activeRole whether selectable.
    ReassignDialog(qint64 orderId, const QString &currentDriver, QAbstractItemModel *drivers,
                   int idRole, int activeRole, qint64 excludeDriverId, QWidget *parent = nullptr);

    qint64 driverId() const;
    QString reason() const;

private:
    void validate();
    QComboBox *m_drivers = nullptr;
    QLineEdit *m_reason = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};
