#pragma once

#include <QIdentityProxyModel>

// Paints the ready board: outcome colours (common/outcomepalette: green win, red 409,
// purple 404, orange 400, grey 503), a pending look while a claim is in flight, and amber/red for
// orders waiting past the overdue limit. Colour is never the only signal: each state also gets an
// icon and words (in the Hold/state and Age columns and the tooltip). Text is white on the strong
// colours and black on the light ones, so it reads in light and dark palettes.
class BoardStyleProxy : public QIdentityProxyModel
{
    Q_OBJECT
public:
    explicit BoardStyleProxy(QObject *parent = nullptr);

    void setOverdueMinutes(int minutes);
    int overdueMinutes() const { return m_overdueMinutes; }

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QString outcomeText(const QModelIndex &index) const; // the Hold / state cell of an outcome
    int m_overdueMinutes = 10;
};
