package com.luckydraw.web;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** A service in miniature: one public read, two public writes (one rate-limited), one admin write that reports what it received, and
 * typed parameters and bodies that Spring MVC can refuse. */
@SpringBootApplication
class WebTestApplication {

    @RestController
    static class Things {

        @GetMapping("/things/{id}")
        Map<String, Object> thing(@PathVariable String id) {
            return Map.of("id", id);
        }

        @PostMapping("/orders-of-things")
        Map<String, Object> order(@RequestBody String body) {
            return Map.of("received", body.length());
        }

        @PostMapping("/admin/settings")
        Map<String, Object> settings(@RequestBody Map<String, Object> body) {
            return Map.of("fields", body.size());
        }

        @PostMapping("/tickets")
        Map<String, Object> ticket(@RequestBody String body) {
            return Map.of("received", body.length());
        }

        @PostMapping("/admin/things")
        Map<String, Object> create(@RequestBody String body) {
            return Map.of("received", body.length());
        }

        @GetMapping("/things/{id}/parts")
        Map<String, Object> parts(@PathVariable long id, @RequestParam int limit) {
            return Map.of("id", id, "limit", limit);
        }

        @PostMapping("/admin/counts")
        Map<String, Object> count(@RequestBody Count body) {
            return Map.of("total", body.items().size());
        }
    }

    record Count(String name, List<Item> items) {
    }

    record Item(long amount) {
    }
}
