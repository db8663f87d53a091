/* A genuine, minimal H5P content type: one single-choice question scored through xAPI.
   It follows the H5P question contract (attach, getScore, getMaxScore, getAnswerGiven,
   resetTask, showSolutions, getXAPIData, getCurrentState) and uses the parts of the player
   contract real content relies on: an image from its content files (H5P.getPath), the core's
   translated strings (H5P.t), "resize" after its height changes, fullscreen, and "answered"
   then "completed" with the score. MIT licence. */
var H5P = H5P || {};

H5P.TapHuanTestQuiz = (function ($, EventDispatcher) {
  "use strict";

  function TapHuanTestQuiz(params, contentId, extras) {
    EventDispatcher.call(this);
    this.params = $.extend(true, { question: "", answers: [], correct: 0, checkLabel: "Check" }, params);
    this.contentId = contentId;
    var previous = (extras && extras.previousState) || {};
    this.selected = typeof previous.selected === "number" ? previous.selected : null;
    this.checked = false;
    this.score = 0;
  }

  TapHuanTestQuiz.prototype = Object.create(EventDispatcher.prototype);
  TapHuanTestQuiz.prototype.constructor = TapHuanTestQuiz;

  TapHuanTestQuiz.prototype.attach = function ($container) {
    var self = this;
    self.$container = $container.addClass("thq").empty();
    if (self.params.image && self.params.image.path) {
      $("<img class=\"thq-image\">")
        .attr("src", H5P.getPath(self.params.image.path, self.contentId))
        .attr("alt", self.params.image.alt || "")
        .on("load", function () { self.trigger("resize"); })
        .appendTo($container);
    }
    $("<p class=\"thq-question\"></p>").text(self.params.question).appendTo($container);
    var $list = $("<div class=\"thq-answers\" role=\"radiogroup\"></div>").appendTo($container);
    self.params.answers.forEach(function (text, index) {
      var $label = $("<label class=\"thq-answer\"></label>").appendTo($list);
      var $input = $("<input type=\"radio\" name=\"thq-" + self.contentId + "\">")
        .val(index)
        .prop("checked", self.selected === index)
        .on("change", function () {
          self.selected = index;
          self.triggerXAPI("interacted");
        });
      $label.append($input).append(document.createTextNode(" " + text));
    });
    $("<button type=\"button\" class=\"thq-check\"></button>")
      .text(self.params.checkLabel)
      .on("click", function () { self.check(); })
      .appendTo($container);
    self.$feedback = $("<p class=\"thq-feedback\" aria-live=\"polite\"></p>").appendTo($container);
    if (self.params.details) {
      var $details = $("<div class=\"thq-details\" hidden></div>").text(self.params.details);
      $("<button type=\"button\" class=\"thq-more\"></button>")
        .text(H5P.t("showMore"))
        .on("click", function () {
          $details.prop("hidden", false);
          $(this).remove();
          self.trigger("resize");
        })
        .appendTo($container);
      $details.appendTo($container);
    }
    self.on("enterFullScreen", function () { $container.attr("data-fullscreen", "1"); });
    self.on("exitFullScreen", function () { $container.removeAttr("data-fullscreen"); });
    self.setActivityStarted();
    self.trigger("resize");
  };

  TapHuanTestQuiz.prototype.check = function () {
    if (this.selected === null) {
      return;
    }
    this.checked = true;
    this.score = this.selected === this.params.correct ? 1 : 0;
    this.$feedback.text(this.score + "/1");
    this.triggerXAPIScored(this.score, 1, "answered", true, this.score === 1);
    // The whole activity is done: the core saves its state soon after "completed".
    this.triggerXAPICompleted(this.score, 1, this.score === 1);
    this.trigger("resize");
  };

  TapHuanTestQuiz.prototype.getScore = function () { return this.score; };
  TapHuanTestQuiz.prototype.getMaxScore = function () { return 1; };
  TapHuanTestQuiz.prototype.getAnswerGiven = function () { return this.selected !== null; };
  TapHuanTestQuiz.prototype.getCurrentState = function () {
    return this.selected === null ? undefined : { selected: this.selected };
  };
  TapHuanTestQuiz.prototype.resetTask = function () {
    this.selected = null;
    this.checked = false;
    this.score = 0;
    if (this.$container) {
      this.attach(this.$container);
    }
  };
  TapHuanTestQuiz.prototype.showSolutions = function () {
    if (this.$container) {
      this.$container.find("input").eq(this.params.correct).closest("label").addClass("thq-correct");
    }
  };
  TapHuanTestQuiz.prototype.getXAPIData = function () {
    var event = this.createXAPIEventTemplate("answered");
    event.setScoredResult(this.score, 1, this, true, this.score === 1);
    return { statement: event.data.statement };
  };

  return TapHuanTestQuiz;
})(H5P.jQuery, H5P.EventDispatcher);
