#pragma once

#include <QFrame>

class QLabel;
class QTimer;

// A non-modal message over the board, coloured like the outcome it reports; stays until
// replaced, dismissed or 20 s have passed. It keeps its place when hidden (two lines,
// reserved), so a message coming or going never moves the board under the mouse.
class OutcomeBanner : public QFrame
{
    Q_OBJECT
public:
    explicit OutcomeBanner(QWidget *parent = nullptr);

    // httpStatus 0: neutral colours.
    void showMessage(const QString &text, int httpStatus);
    // What it says while shown; empty once hidden.
    QString text() const;

private:
    QLabel *m_text = nullptr;
    QTimer *m_timer = nullptr;
};
