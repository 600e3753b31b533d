package com.luckydraw.admin.web;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * What every luckydraw page's layout needs: the reload interval. {@code ?refresh=0} pauses reloading, e.g. while
 * reading a long list.
 */
@ControllerAdvice(basePackages = "com.luckydraw.admin")
class CommonPageModel {

    private final PageSettings settings;

    CommonPageModel(PageSettings settings) {
        this.settings = settings;
    }

    @ModelAttribute("refreshSeconds")
    long refreshSeconds(@RequestParam(name = "refresh", required = false) Long refresh) {
        if (refresh != null) {
            return Math.max(0, refresh);
        }
        return settings.refresh().toSeconds();
    }
}
