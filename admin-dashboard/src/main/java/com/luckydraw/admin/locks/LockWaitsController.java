package com.luckydraw.admin.locks;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Database lock waits in each service database. */
@Controller
class LockWaitsController {

    private final ReadingLockWaits locks;

    LockWaitsController(ReadingLockWaits locks) {
        this.locks = locks;
    }

    @GetMapping("/luckydraw/locks")
    String locks(Model model) {
        model.addAttribute("databases", locks.all());
        return "locks";
    }
}
