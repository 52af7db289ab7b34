;;; newsdesk.el --- newsdesk language server through Eglot  -*- lexical-binding: t; -*-

;; Emacs 29+ (Eglot built in). Load this file, or copy its forms into your
;; init file. Reports (*.txt with a newsdesk.toml in their folder or above) get
;; `newsdesk-mode' (a `text-mode'), and Eglot starts `newsdesk lsp' for them.

;;; Code:

(require 'project)

(defvar eglot-server-programs)
(declare-function eglot--current-server-or-lose "eglot")
(declare-function eglot--TextDocumentIdentifier "eglot")
(declare-function jsonrpc-request "jsonrpc")
(declare-function eglot-ensure "eglot")

(define-derived-mode newsdesk-mode text-mode "Newsdesk"
  "Major mode for the news reports of a newsdesk corpus.")

(defun newsdesk--corpus-root (file)
  "The folder holding newsdesk.toml above FILE, or nil."
  (and file (locate-dominating-file file "newsdesk.toml")))

(defun newsdesk-maybe-enable ()
  "Switch a report of a newsdesk corpus to `newsdesk-mode'."
  (when (and buffer-file-name
             (string-suffix-p ".txt" buffer-file-name)
             (not (derived-mode-p 'newsdesk-mode))
             (newsdesk--corpus-root buffer-file-name))
    (newsdesk-mode)))

(add-hook 'text-mode-hook #'newsdesk-maybe-enable)

;; The corpus root is the project root for Eglot (Emacs 29+).
(when (boundp 'project-vc-extra-root-markers)
  (add-to-list 'project-vc-extra-root-markers "newsdesk.toml"))

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '(newsdesk-mode . ("newsdesk" "lsp"
                                  :initializationOptions (:diagnosticMode "push")))))

;; Answered to the server's workspace/configuration request for "newsdesk";
;; a level set in newsdesk.toml wins. For example:
;; (setq-default eglot-workspace-configuration
;;               '(:newsdesk (:rules (:boilerplate "hint" :missing-dateline "off")
;;                            :quotes (:threshold 0.8))))

(add-hook 'newsdesk-mode-hook #'eglot-ensure)

(defun newsdesk-remove-boilerplate ()
  "Remove every boilerplate block of the current report."
  (interactive)
  ;; the server answers with workspace/applyEdit, which Eglot applies
  (jsonrpc-request (eglot--current-server-or-lose) :workspace/executeCommand
                   `(:command "newsdesk.removeAllBoilerplate"
                     :arguments [,(eglot--TextDocumentIdentifier)])))

(provide 'newsdesk)
;;; newsdesk.el ends here
