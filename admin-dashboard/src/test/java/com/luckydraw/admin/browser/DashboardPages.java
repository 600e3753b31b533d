package com.luckydraw.admin.browser;

import com.luckydraw.testing.browser.HeadlessChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

/** What the tests do on the dashboard's pages, written once: log in, read a service card, a table row. */
public final class DashboardPages {

    private final HeadlessChromium browser;
    private final String base;

    public DashboardPages(HeadlessChromium browser, String base) {
        this.browser = browser;
        this.base = base;
    }

    /** Opens a page, logging in through the login form first if the dashboard asks for it. */
    public void open(String path, String user, String password) {
        browser.open(base + path, user, password);
    }

    public void logIn(String user, String password) {
        browser.logIn(user, password);
    }

    public String serviceStatus(String service) {
        return browser.text(By.cssSelector("#service-" + service + " header .status"));
    }

    public String serviceFigure(String service, String cssClass) {
        return browser.text(By.cssSelector("#service-" + service + " dd." + cssClass));
    }

    public List<String> attributeOf(String css, String attribute) {
        return browser.driver().findElements(By.cssSelector(css)).stream().map(e -> e.getAttribute(attribute))
                .toList();
    }

    public List<String> columnOf(String tableId, int column) {
        return browser.driver().findElements(By.cssSelector("#" + tableId + " tr td:nth-child(" + column + ")"))
                .stream().map(WebElement::getText).toList();
    }
}
