using Classroom.ModelBuilder;

return FaceModelBuild.Run(args, Console.Error);
