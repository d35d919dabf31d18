//! What an `after` waits for: a stage (`after research`), a task (`after
//! research.interviews`) or a channel's go-live (`after aws`). Stage names are keywords
//! and a channel cannot take one, so a single name is never both.

use super::Elaborator;
use crate::check::suggest;
use crate::diagnostic::Code;
use crate::model::{ChannelId, Dependency, Loc, StageKind, Waits};
use crate::source::FileId;
use crate::syntax::ast;

impl Elaborator<'_> {
    /// What an `after` path of a task or channel waits for; `None` (reported) when it
    /// names nothing that can be waited for.
    pub(super) fn dependency(
        &mut self,
        path: &ast::Path,
        file: FileId,
        task_names: &[Vec<&str>],
    ) -> Option<Dependency> {
        let target = match path.segments.as_slice() {
            [name] => self.waited_for(name, file)?,
            [stage, task] => self.task_waited_for(stage, task, file, task_names)?,
            _ => {
                self.error(
                    Code::UnknownName,
                    "`after` takes a stage, a task or a channel".into(),
                    file,
                    path.span,
                    "too many parts",
                    "write `after research`, `after research.interviews` or `after aws`".into(),
                );
                return None;
            }
        };
        Some(Dependency {
            target,
            loc: Loc {
                file,
                span: path.span,
            },
        })
    }

    /// What a single name in an `after` list waits for: a stage's finish or a channel's
    /// go-live; `None` (reported) for anything else.
    pub(super) fn waited_for(&mut self, name: &ast::Ident, file: FileId) -> Option<Waits> {
        if let Some(kind) = StageKind::from_name(&name.name) {
            return Some(Waits::Stage(kind));
        }
        if let Some(channel) = self.channel_named(&name.name) {
            return Some(Waits::Channel(channel));
        }
        self.nothing_to_wait_for(name, file);
        None
    }

    /// The channel called `name`. Channels are elaborated later, in the order of their
    /// table, one each, so a channel's place in the table is its id.
    fn channel_named(&self, name: &str) -> Option<ChannelId> {
        self.program.names.channels.position(name).map(ChannelId)
    }

    /// What `after stage.task` waits for.
    fn task_waited_for(
        &mut self,
        stage: &ast::Ident,
        task: &ast::Ident,
        file: FileId,
        task_names: &[Vec<&str>],
    ) -> Option<Waits> {
        let Some(kind) = StageKind::from_name(&stage.name) else {
            if self.channel_named(&stage.name).is_some() {
                self.error(
                    Code::UnknownName,
                    format!("`{}` is a channel, which has no tasks", stage.name),
                    file,
                    stage.span,
                    "a channel",
                    format!("to wait for its go-live, write `after {}`", stage.name),
                );
            } else {
                self.nothing_to_wait_for(stage, file);
            }
            return None;
        };
        let names = &task_names[kind as usize];
        if let Some(index) = names.iter().position(|name| *name == task.name) {
            return Some(Waits::Task(kind, index));
        }
        let help = self.unknown_task_help(kind, &task.name, names);
        self.error(
            Code::UnknownName,
            format!("stage `{}` has no task `{}`", kind.name(), task.name),
            file,
            task.span,
            "unknown task",
            help,
        );
        None
    }

    /// The help for a task that `kind` does not have: a channel's opening when that is
    /// what it names (`after channels.open_aws` is `after aws`), or the tasks there are.
    fn unknown_task_help(&self, kind: StageKind, task: &str, names: &[&str]) -> String {
        let opened = task.strip_prefix("open_").unwrap_or(task);
        if kind == StageKind::Channels && self.channel_named(opened).is_some() {
            return format!(
                "a channel's opening is not a task you can name: to wait for `{opened}` to go live, write `after {opened}`"
            );
        }
        suggest::did_you_mean(task, names.iter().copied()).unwrap_or_else(|| {
            if names.is_empty() {
                format!("stage `{}` has no tasks", kind.name())
            } else {
                format!(
                    "the tasks of `{}` are {}",
                    kind.name(),
                    crate::check::load::list(names)
                )
            }
        })
    }

    /// Reports a name in an `after` list that is neither a stage nor a channel.
    fn nothing_to_wait_for(&mut self, name: &ast::Ident, file: FileId) {
        if self.program.names.markets.position(&name.name).is_some() {
            self.error(
                Code::UnknownName,
                format!("`{}` is a market, which nothing can wait for", name.name),
                file,
                name.span,
                "a market",
                "`after` waits for a stage, a task or a channel's go-live".into(),
            );
            return;
        }
        let stages = StageKind::ALL.map(StageKind::name);
        let known = stages
            .into_iter()
            .chain(self.program.names.channels.names());
        let help = suggest::did_you_mean(&name.name, known).unwrap_or_else(|| {
            let stages = crate::check::load::list(&stages);
            match self.program.names.channels.names().next() {
                Some(channel) => {
                    format!("the stages are {stages}; or name a channel, as in `after {channel}`")
                }
                None => format!("the stages are {stages}"),
            }
        });
        self.error(
            Code::UnknownName,
            format!("there is no stage or channel `{}`", name.name),
            file,
            name.span,
            "unknown stage or channel",
            help,
        );
    }
}
