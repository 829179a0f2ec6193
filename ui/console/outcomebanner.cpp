#include "console/outcomebanner.h"

#include "common/outcomepalette.h"

#include <QApplication>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QToolButton>

namespace {

// The window's strings kept their context when they moved out of MainWindow, so the
// catalogue's translations still apply.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(MainWindow)
};

} // namespace

OutcomeBanner::OutcomeBanner(QWidget *parent)
    : QFrame(parent)
{
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setAccessibleName(Text::tr("Last outcome"));
    layout->addWidget(m_text, 1);
    auto *close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setToolTip(Text::tr("Dismiss"));
    close->setAccessibleName(Text::tr("Dismiss message"));
    layout->addWidget(close);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);

    // A fixed two-line height, kept while hidden: the board below never moves (issue 17).
    setFixedHeight(2 * fontMetrics().lineSpacing() + 12);
    QSizePolicy policy = sizePolicy();
    policy.setRetainSizeWhenHidden(true);
    setSizePolicy(policy);
    hide();

    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    m_timer->setInterval(20000);
    connect(m_timer, &QTimer::timeout, this, &QWidget::hide);
}

void OutcomeBanner::showMessage(const QString &text, int httpStatus)
{
    m_text->setText(text);
    m_text->setToolTip(text); // the whole of a message longer than two lines
    QPalette colours = palette();
    if (httpStatus == 0) {
        colours = QApplication::palette(this);
    } else {
        colours.setColor(QPalette::Window, OutcomePalette::background(httpStatus));
        colours.setColor(QPalette::WindowText, OutcomePalette::text(httpStatus));
    }
    setPalette(colours);
    m_text->setPalette(colours);
    show();
    m_timer->start();
}

QString OutcomeBanner::text() const
{
    return isVisible() ? m_text->text() : QString();
}
